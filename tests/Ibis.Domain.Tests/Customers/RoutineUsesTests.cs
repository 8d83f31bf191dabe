using Ibis.Domain.Customers;
using Xunit;

namespace Ibis.Domain.Tests.Customers;

/// <summary>
/// Issue 16 item 2, notice 820.100 "Routine Uses": "Standard routine uses 1. through 7., 10., and 11. apply"
/// (the standard routine uses of Handbook AS-353 Appendix D.2); 8 and 9 serve general systems only.
/// </summary>
public sealed class RoutineUsesTests
{
    [Fact]
    public void TheNoticeApplies_Uses1To7_10And11_UnderTheirOwnNumbers()
    {
        Assert.Equal([1, 2, 3, 4, 5, 6, 7, 10, 11], RoutineUses.All.Select(u => u.Number));
        Assert.Equal([8, 9], RoutineUses.GeneralSystemsOnly.Select(u => u.Number));
        var every = RoutineUses.All.Concat(RoutineUses.GeneralSystemsOnly).ToList();
        Assert.Equal(every.Count, every.Select(u => u.Code).Distinct().Count());
        Assert.All(every, u => Assert.Matches("^[a-z]+(_[a-z]+)*$", u.Code));
        Assert.All(every, u => Assert.StartsWith("Disclosure", u.Title));
        Assert.Equal("agents_and_contractors", RoutineUses.All.Single(u => u.Number == 4).Code);
        Assert.Equal("customer_service", RoutineUses.All.Single(u => u.Number == 11).Code);
    }

    [Theory]
    [InlineData("legal_proceedings", null)]
    [InlineData("breach_response", null)]
    [InlineData("financial_matters", null)]
    [InlineData("customer_service", null)]
    [InlineData("labor_organizations", "routine_use_not_for_customer_systems")]
    [InlineData("personnel_agencies", "routine_use_not_for_customer_systems")]
    [InlineData("marketing", "routine_use_invalid")]
    [InlineData(null, "routine_use_invalid")]
    [InlineData("", "routine_use_invalid")]
    public void ADisclosure_NamesAUseTheNoticeApplies_ElseOneRuleRefusesIt(string? given, string? refusedBy)
    {
        IBusinessRule[] rules = [new DisclosureMustBeUnderARoutineUseRule(given), new RoutineUseMustApplyToCustomerSystemsRule(given)];
        var broken = rules.Where(r => r.IsBroken()).ToList();
        Assert.Equal(refusedBy is null ? [] : [refusedBy], broken.Select(r => r.Code));
        Assert.All(broken, r => Assert.Equal("routine_use", r.Field));
        Assert.All(broken, r => Assert.Equal(RuleKind.BadInput, r.Kind));
        if (given == "labor_organizations") Assert.Contains("standard routine use 8", broken.Single().Message);
        if (refusedBy == "routine_use_invalid") Assert.Contains("customer_service", broken.Single().Message);
    }
}
