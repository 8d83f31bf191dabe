using System.Runtime.CompilerServices;
using System.Text.RegularExpressions;
using Ibis.Architecture.Tests.Support;
using Ibis.Domain;
using Mono.Cecil.Cil;

namespace Ibis.Architecture.Tests;

/// <summary>
/// CONVENTIONS "Domain types": a rule of the seed that can be broken is a named class
/// (…Rule : IBusinessRule) with a stable code, and that code becomes the API error code, so it is
/// lower_snake_case ("insufficient_funds", "watchdog_expired").
/// </summary>
public sealed partial class RuleNamingTests
{
    /// <summary>Public rule types whose name does not end in "Rule" today. Only shrinks.</summary>
    private static readonly string[] KnownNameExceptions =
    [
    ];

    private static readonly Type[] Rules = typeof(IBusinessRule).Assembly.GetExportedTypes()
        .Where(t => typeof(IBusinessRule).IsAssignableFrom(t) && t != typeof(IBusinessRule))
        .OrderBy(t => t.FullName, StringComparer.Ordinal).ToArray();

    [GeneratedRegex("^[a-z][a-z0-9]*(_[a-z0-9]+)*$")]
    private static partial Regex SnakeCase();

    [Fact]
    public void Rules_AreFound()
    {
        Assert.True(Rules.Length >= 20, $"only {Rules.Length} rule types found");
    }

    [Fact]
    public void RuleNames_EndInRule_ButTheKnownExceptions()
    {
        var offenders = Rules.Where(t => !t.Name.EndsWith("Rule", StringComparison.Ordinal)).Select(t => t.FullName!);
        AllowList.AssertOnlyShrinks(offenders, KnownNameExceptions, "rule types whose name does not end in Rule");
    }

    /// <summary>Every string constant the Code getter of a rule loads, read from its IL: each branch's code.</summary>
    private static IEnumerable<(string Rule, string Literal)> CodeLiterals()
    {
        var module = Compiled.Module(Compiled.Domain);
        foreach (var rule in Rules)
        {
            var type = module.GetType(rule.FullName!.Replace('+', '/'));
            var getter = type.Properties.SingleOrDefault(p => p.Name == "Code")?.GetMethod;
            if (getter is null) continue; // inherited from a base rule, checked there
            foreach (var ins in getter.Body.Instructions.Where(i => i.OpCode.Code == Code.Ldstr))
                yield return (rule.FullName!, (string)ins.Operand);
        }
    }

    [Fact]
    public void RuleCodes_AreLowerSnakeCase_InTheirIl()
    {
        var literals = CodeLiterals().ToList();
        Assert.True(literals.Count >= Rules.Length / 2, $"only {literals.Count} code literals read");
        var offenders = literals.Where(l => !SnakeCase().IsMatch(l.Literal)).Select(l => $"{l.Rule}: \"{l.Literal}\"").ToList();
        Assert.True(offenders.Count == 0, "rule codes that are not lower_snake_case: " + string.Join(", ", offenders));
    }

    [Fact]
    public void RuleCodes_AreLowerSnakeCase_WhenEvaluated()
    {
        // The code a rule reports for an all-default instance (made without running a constructor),
        // which also covers codes built from parts. A Code getter that cannot run on defaults is skipped.
        var offenders = new List<string>();
        var evaluated = 0;
        foreach (var rule in Rules.Where(t => t is { IsAbstract: false, IsGenericTypeDefinition: false }))
        {
            // A rule whose code is data (BrokenRule carries another rule's code) has nothing to evaluate.
            if (rule.GetProperty(nameof(IBusinessRule.Code))?.SetMethod is not null) continue;
            string? code;
            try { code = ((IBusinessRule)RuntimeHelpers.GetUninitializedObject(rule)).Code; }
            catch (Exception e) when (e is NullReferenceException or ArgumentException or InvalidOperationException or IndexOutOfRangeException) { continue; }
            evaluated++;
            if (code is null || !SnakeCase().IsMatch(code)) offenders.Add($"{rule.FullName}: \"{code}\"");
        }
        Assert.True(evaluated >= Rules.Length / 2, $"only {evaluated} of {Rules.Length} rule codes evaluated");
        Assert.True(offenders.Count == 0, "rule codes that are not lower_snake_case: " + string.Join(", ", offenders));
    }
}
