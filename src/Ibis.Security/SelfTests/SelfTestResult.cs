namespace Ibis.Security.SelfTests;

/// <summary>One known-answer test that did not produce its expected answer.</summary>
public sealed record SelfTestFailure(string Test, string Reason);

/// <summary>The outcome of <see cref="CryptoSelfTest.Run()"/>.</summary>
public sealed class SelfTestResult
{
    internal SelfTestResult(IReadOnlyList<string> testsRun, IReadOnlyList<SelfTestFailure> failures)
    {
        TestsRun = testsRun;
        Failures = failures;
    }

    /// <summary>True only if every test ran and matched its known answer.</summary>
    public bool Passed => Failures.Count == 0;

    public IReadOnlyList<string> TestsRun { get; }

    public IReadOnlyList<SelfTestFailure> Failures { get; }

    public override string ToString() =>
        Passed
            ? $"crypto self-tests passed ({string.Join(", ", TestsRun)})"
            : "crypto self-tests FAILED: " + string.Join("; ", Failures.Select(f => $"{f.Test}: {f.Reason}"));
}
