using System.Reflection;
using Ibis.Data;
using Ibis.Domain;

namespace Ibis.Architecture.Tests;

/// <summary>
/// Issue 18: a row's status is a [StoredAsText] enum of Ibis.Domain, not a string — the compiler then
/// knows every value, a typo is a build error rather than a row no query finds, and the column still
/// holds the text (EnumTextConversions). Every property of an entity in Ibis.Data.Entities named Status,
/// or ending in Status, or listed as a status named otherwise, is such an enum, but for the exceptions
/// listed with their reason.
/// </summary>
public sealed class StatusColumnTests
{
    /// <summary>
    /// Type.Property → why it is still a string. Shrink this list; never grow it for a new row.
    /// </summary>
    private static readonly Dictionary<string, string> Exceptions = new(StringComparer.Ordinal)
    {
        // Empty: every row status is a [StoredAsText] enum of its Domain module (issue 18). Keep it so.
    };

    /// <summary>
    /// Statuses whose name does not end in Status, checked the same way. A row's <c>State</c> is not always
    /// one (the address book's and the classified branch's are US states): only those listed here are.
    /// </summary>
    private static readonly HashSet<string> NamedOtherwise = new(StringComparer.Ordinal)
    {
        "DutyRow.State", // open | done
    };

    private static IEnumerable<PropertyInfo> StatusProperties() => typeof(IbisDb).Assembly.GetTypes()
        .Where(t => t.Namespace == "Ibis.Data.Entities" && t.IsClass && !t.IsNested)
        .SelectMany(t => t.GetProperties(BindingFlags.Public | BindingFlags.Instance | BindingFlags.DeclaredOnly))
        .Where(p => p.Name.EndsWith("Status", StringComparison.Ordinal) || NamedOtherwise.Contains(Key(p)));

    private static string Key(PropertyInfo p) => $"{p.DeclaringType!.Name}.{p.Name}";

    [Fact]
    public void EveryStatusOfARow_IsAStoredAsTextEnum()
    {
        var properties = StatusProperties().ToList();
        Assert.Contains(properties, p => Key(p) == "DepositAccountRow.Status");
        Assert.All(NamedOtherwise, name => Assert.Contains(properties, p => Key(p) == name));
        var strings = properties
            .Where(p => p.PropertyType == typeof(string) && !Exceptions.ContainsKey(Key(p)))
            .Select(Key).Order(StringComparer.Ordinal).ToList();
        Assert.True(strings.Count == 0, "string statuses in Ibis.Data.Entities (make each a [StoredAsText] enum of its Domain module): " + string.Join(", ", strings));
        var unmarked = properties
            .Select(p => (Key: Key(p), Type: Nullable.GetUnderlyingType(p.PropertyType) ?? p.PropertyType))
            .Where(p => p.Type.IsEnum && p.Type.GetCustomAttribute<StoredAsTextAttribute>() is null)
            .Select(p => p.Key).ToList();
        Assert.True(unmarked.Count == 0, "status enums without [StoredAsText] (they would be stored as numbers): " + string.Join(", ", unmarked));
    }

    [Fact]
    public void EachException_IsStillAStringStatus()
    {
        // An exception that was converted (or removed) leaves the list with it, so the list stays the truth.
        var stale = Exceptions.Keys.Except(StatusProperties().Where(p => p.PropertyType == typeof(string)).Select(Key)).ToList();
        Assert.True(stale.Count == 0, "listed as string statuses but no longer are: " + string.Join(", ", stale));
    }
}
