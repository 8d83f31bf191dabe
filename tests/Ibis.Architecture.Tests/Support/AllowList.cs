namespace Ibis.Architecture.Tests.Support;

/// <summary>
/// A list of today's known violations that may only shrink: the check fails when something not on
/// the list appears, and when something on the list no longer exists (then delete its line).
/// </summary>
public static class AllowList
{
    public static void AssertOnlyShrinks(IEnumerable<string> found, IEnumerable<string> allowed, string what)
    {
        var foundSet = new SortedSet<string>(found, StringComparer.Ordinal);
        var allowedSet = new SortedSet<string>(allowed, StringComparer.Ordinal);
        var added = foundSet.Except(allowedSet).ToList();
        var gone = allowedSet.Except(foundSet).ToList();
        if (added.Count == 0 && gone.Count == 0) return;
        var message = new System.Text.StringBuilder();
        if (added.Count > 0)
        {
            message.AppendLine($"New {what} (not on the allow-list: fix the code, do not add it to the list):");
            foreach (var a in added) message.AppendLine($"    \"{a}\",");
        }
        if (gone.Count > 0)
        {
            message.AppendLine($"Allow-listed {what} that no longer exist (good: delete these lines from the allow-list):");
            foreach (var g in gone) message.AppendLine($"    \"{g}\",");
        }
        message.AppendLine($"All {what} found now ({foundSet.Count}):");
        foreach (var f in foundSet) message.AppendLine($"    \"{f}\",");
        Assert.Fail(message.ToString());
    }
}
