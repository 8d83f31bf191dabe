using System.Collections;
using Xunit;

namespace Ibis.Server.Tests.Infrastructure;

/// <summary>Compares two entity rows property by property: a hand-written read against EF Core's (issue 17).</summary>
public static class RowAssert
{
    /// <summary>Every public property equal (byte arrays by content); both absent passes.</summary>
    public static void Same<T>(T? expected, T? actual, string what) where T : class
    {
        if (expected is null || actual is null)
        {
            Assert.True(expected is null && actual is null, $"{what}: {typeof(T).Name} {(expected is null ? "absent" : "present")} by LINQ, {(actual is null ? "absent" : "present")} by hand");
            return;
        }
        foreach (var property in typeof(T).GetProperties())
        {
            var (e, a) = (property.GetValue(expected), property.GetValue(actual));
            var same = e is IEnumerable ee && e is not string && a is IEnumerable ae ? ee.Cast<object>().SequenceEqual(ae.Cast<object>()) : Equals(e, a);
            Assert.True(same, $"{what}: {typeof(T).Name}.{property.Name} is {e} by LINQ, {a} by hand");
        }
    }
}
