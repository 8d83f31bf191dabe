using System.Reflection;
using Xunit;
using Xunit.Abstractions;

[assembly: TestCollectionOrderer("Ibis.Server.Tests.Infrastructure.LongestFirst", "Ibis.Server.Tests")]

namespace Ibis.Server.Tests.Infrastructure;

/// <summary>
/// A test class that takes minutes (a crash run, every page in Chromium): <see cref="LongestFirst"/> starts
/// it before the short ones. <paramref name="seconds"/> is what it took on the 2-core CI machine, so the
/// longest starts first.
/// </summary>
[AttributeUsage(AttributeTargets.Class)]
public sealed class RunsLongAttribute(int seconds) : Attribute
{
    public int Seconds { get; } = seconds;
}

/// <summary>
/// Starts the test collections that hold a <see cref="RunsLongAttribute">long-running</see> class first,
/// longest first, and the rest in xUnit's usual order (by unique id). Only two tests run at a time on the CI machine;
/// when a ten-minute crash run happened to start last, the whole suite waited for it alone (longest
/// processing time first is the classic cure for such a tail).
/// </summary>
public sealed class LongestFirst : ITestCollectionOrderer
{
    private static readonly Dictionary<string, int> SecondsByCollection = Collections();

    public IEnumerable<ITestCollection> OrderTestCollections(IEnumerable<ITestCollection> testCollections)
    {
        var all = testCollections.ToList();
        // The rest as xUnit orders them by default: by their unique id, stable from run to run.
        return all.Where(c => Seconds(c) > 0).OrderByDescending(Seconds)
            .Concat(all.Where(c => Seconds(c) == 0).OrderBy(c => c.UniqueID));
    }

    private static int Seconds(ITestCollection collection) =>
        SecondsByCollection.GetValueOrDefault(collection.DisplayName);

    /// <summary>The display name of each long class's collection: its [Collection] name, or xUnit's name for a class of its own.</summary>
    private static Dictionary<string, int> Collections()
    {
        var seconds = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var type in typeof(LongestFirst).Assembly.GetTypes())
        {
            if (type.GetCustomAttribute<RunsLongAttribute>() is not { } runsLong) continue;
            var name = CollectionName(type) ?? "Test collection for " + type.FullName;
            seconds[name] = Math.Max(seconds.GetValueOrDefault(name), runsLong.Seconds);
        }
        return seconds;
    }

    /// <summary>The name given by the class's [Collection("…")], if it has one (xUnit keeps it only as the constructor argument).</summary>
    private static string? CollectionName(Type type) =>
        type.GetCustomAttributesData().FirstOrDefault(a => a.AttributeType == typeof(CollectionAttribute))?.ConstructorArguments[0].Value as string;
}
