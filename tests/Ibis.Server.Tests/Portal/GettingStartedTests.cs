using Ibis.Domain.Licensing;
using Ibis.Server.Organisations;
using Ibis.Server.Pages.Portal.Onboarding;
using Xunit;

namespace Ibis.Server.Tests.Portal;

/// <summary>The licensee's Getting started checklist: the rule's order, the next step and why it is needed.</summary>
public sealed class GettingStartedTests
{
    private static readonly CustomerProgress Nothing = new("cus_1", "Main Street Bakery", null, [], null, 0, [], 0, false, false);

    [Fact]
    public void ANewCustomer_StartsWithTheLicense_AndEveryStepCitesItsRule()
    {
        var steps = GettingStarted.Steps(Nothing);
        Assert.Equal(["license", "account", "lease", "device", "funded", "print"], steps.Select(s => s.Key).ToArray());
        Assert.All(steps, s => Assert.False(s.Done));
        Assert.Equal("license", GettingStarted.Next(steps)!.Key);
        Assert.Contains("P050 2.1", steps[0].Why, StringComparison.Ordinal);
        Assert.Contains("502.25(c)", steps[1].Why, StringComparison.Ordinal);
        Assert.Contains("P050 3.1", steps[2].Why, StringComparison.Ordinal);
        Assert.Contains("P050 3.1", steps[3].Why, StringComparison.Ordinal);
        Assert.Contains("P050 3.2", steps[4].Why, StringComparison.Ordinal);
        Assert.Equal("/portal/licensing", steps[0].Link);
    }

    [Fact]
    public void TheNextStep_IsTheFirstNotDone_AndNoneWhenAllAreDone()
    {
        var licensed = Nothing with { ValidLicenses = [new LicenseChoice("lic_1", "WASHINGTON, DC 20260")], ApplicationStatus = LicenseApplicationStatus.Approved };
        Assert.Equal("account", GettingStarted.Next(GettingStarted.Steps(licensed))!.Key);

        var inService = licensed with
        {
            OpenAccountId = "acct_1",
            ActiveLeases = [new LeaseChoice("lse_1", "cus_1", "Main Street Bakery", "lic_1", "Pat Baker", new DateOnly(2026, 12, 5), 1)],
            DevicesInService = 1,
        };
        Assert.Equal("funded", GettingStarted.Next(GettingStarted.Steps(inService))!.Key);
        Assert.Equal("print", GettingStarted.Next(GettingStarted.Steps(inService with { Funded = true }))!.Key);
        Assert.Null(GettingStarted.Next(GettingStarted.Steps(inService with { Funded = true, Printed = true })));
    }

    [Fact]
    public void TheDepositAcknowledgement_IsTheWordingOf502_25c2()
    {
        Assert.Equal(
            "See the Cash Management Operating Specifications for the Computerized Remote Postage Meter Resetting System. Contact the Treasurer's Office of the United States Postal Service, 475 L'Enfant Plaza SW, Washington DC 20260-5130 for this document.",
            GettingStarted.AcknowledgementOfDepositRequirement);
    }
}
