using Xunit;

namespace Ibis.Domain.Tests.Common;

public sealed class BusinessRuleTests
{
    private sealed class Toggle(bool broken) : IBusinessRule
    {
        public string Code => "toggle";

        public string Message => "the toggle is on";

        public bool IsBroken() => broken;
    }

    [Fact]
    public void Check_OfAnIntactRule_DoesNothing()
    {
        Rules.Check(new Toggle(false));
    }

    [Fact]
    public void Check_OfABrokenRule_ThrowsCarryingTheRuleItsCodeAndMessage()
    {
        var rule = new Toggle(true);
        var e = Assert.Throws<BusinessRuleViolationException>(() => Rules.Check(rule));
        Assert.Same(rule, e.Rule);
        Assert.Equal("toggle", e.Code);
        Assert.Equal("the toggle is on", e.Message);
    }

    [Fact]
    public void Field_DefaultsToNull()
    {
        Assert.Null(((IBusinessRule)new Toggle(true)).Field);
    }

    [Fact]
    public void BrokenRule_IsAlwaysBroken()
    {
        var rule = new BrokenRule("zip_invalid", "not a ZIP", "zip");
        Assert.True(rule.IsBroken());
        Assert.Equal("zip", ((IBusinessRule)rule).Field);
        Assert.Equal("zip_invalid", Assert.Throws<BusinessRuleViolationException>(() => Rules.Check(rule)).Code);
    }

    [Fact]
    public void ParseResult_OkAndFail_ReportSuccessCodeAndValue()
    {
        var ok = ParseResult<int>.Ok(5);
        var failed = ParseResult<int>.Fail("code", "message");
        Assert.True(ok.Success);
        Assert.Equal(5, ok.Value);
        Assert.False(failed.Success);
        Assert.Equal("code", failed.ErrorCode);
        Assert.Equal("message", failed.ErrorMessage);
        var e = Assert.Throws<InvalidOperationException>(() => failed.Value);
        Assert.Contains("code", e.Message, StringComparison.Ordinal);
    }
}
