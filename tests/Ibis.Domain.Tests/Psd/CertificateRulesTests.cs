using Ibis.Domain.Psd;
using Xunit;

namespace Ibis.Domain.Tests.Psd;

/// <summary>
/// Certificates over time (§502.28): a certificate is judged on the date of mailing; a device signs
/// only under a certificate that is valid now and through the start of the date of mailing, and not revoked.
/// </summary>
public sealed class CertificateRulesTests
{
    private static readonly DateTimeOffset Issued = new(2026, 3, 2, 12, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset Ends = new(2029, 3, 1, 12, 0, 0, TimeSpan.Zero);
    private static readonly CertificateValidity Validity = new(Issued, Ends);

    [Fact]
    public void StartOf_IsMidnightUtc()
    {
        Assert.Equal(new DateTimeOffset(2026, 3, 2, 0, 0, 0, TimeSpan.Zero), CertificateValidity.StartOf(new DateOnly(2026, 3, 2)));
    }

    [Theory]
    [InlineData("2026-03-01", null)]                       // the day before issue: not valid at any moment
    [InlineData("2026-03-02", "2026-03-02T12:00:00Z")]     // issued at noon: judged at issue
    [InlineData("2027-06-15", "2027-06-15T00:00:00Z")]     // inside: judged at the start of the day
    [InlineData("2029-03-01", "2029-03-01T00:00:00Z")]     // ends at noon that day: still covers it
    [InlineData("2029-03-02", null)]                       // the day after the end
    public void InstantOn_IsTheFirstMomentOfTheDayInsideTheValidity(string date, string? expected)
    {
        var at = Validity.InstantOn(DateOnly.Parse(date, System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(expected is null ? null : DateTimeOffset.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), at);
    }

    [Fact]
    public void InstantOn_EndingExactlyAtMidnight_CoversThatInstant()
    {
        var validity = new CertificateValidity(Issued, new DateTimeOffset(2027, 1, 1, 0, 0, 0, TimeSpan.Zero));
        Assert.Equal(validity.NotAfter, validity.InstantOn(new DateOnly(2027, 1, 1)));
        Assert.False(validity.ExpiredBefore(new DateOnly(2027, 1, 1)));
        Assert.True(validity.ExpiredBefore(new DateOnly(2027, 1, 2)));
    }

    [Fact]
    public void SigningRule_ValidNowAndOnTheDateOfMailing_Holds()
    {
        var rule = new CertificateMustBeValidRule(7, Validity, Issued.AddDays(1), new DateOnly(2026, 3, 10));
        Assert.False(rule.IsBroken());
        Assert.Equal("certificate_expired", rule.Code);
        Assert.Equal(RuleKind.Unprocessable, rule.Kind);
    }

    [Fact]
    public void SigningRule_AfterTheEnd_IsBroken_AndSaysExpired()
    {
        var rule = new CertificateMustBeValidRule(7, Validity, Ends.AddTicks(1), new DateOnly(2029, 3, 1));
        Assert.True(rule.IsBroken());
        Assert.Contains("expired", rule.Message);
        Assert.Contains("§502.28", rule.Message);
    }

    [Fact]
    public void SigningRule_AtTheLastInstant_Holds()
    {
        Assert.False(new CertificateMustBeValidRule(7, Validity, Ends, new DateOnly(2029, 3, 1)).IsBroken());
    }

    [Fact]
    public void SigningRule_DatedAfterTheEnd_IsBroken_AndNamesTheDate()
    {
        var rule = new CertificateMustBeValidRule(7, Validity, Ends.AddDays(-1), new DateOnly(2029, 3, 2));
        Assert.True(rule.IsBroken());
        Assert.Contains("2029-03-02", rule.Message);
        Assert.DoesNotContain("expired at", rule.Message);
    }

    [Fact]
    public void RevokedRule_IsBrokenOnlyWhenRevoked_AndIsForbidden()
    {
        Assert.True(new CertificateMustNotBeRevokedRule(7, true, "stolen").IsBroken());
        Assert.False(new CertificateMustNotBeRevokedRule(7, false, null).IsBroken());
        var rule = new CertificateMustNotBeRevokedRule(7, true, "stolen");
        Assert.Equal("certificate_revoked", rule.Code);
        Assert.Equal(RuleKind.Forbidden, rule.Kind);
        Assert.Contains("stolen", rule.Message);
    }

    [Fact]
    public void AlreadyRevokedRule_IsAConflict()
    {
        var rule = new CertificateNotYetRevokedRule(7, true, Issued);
        Assert.True(rule.IsBroken());
        Assert.False(new CertificateNotYetRevokedRule(7, false, null).IsBroken());
        Assert.Equal("certificate_already_revoked", rule.Code);
        Assert.Equal(RuleKind.Conflict, rule.Kind);
        Assert.Contains("2026-03-02", rule.Message);
    }

    [Theory]
    [InlineData("checked_out", false)]
    [InlineData("lost", false)]
    [InlineData("stolen", false)]
    [InlineData("compromised", false)]
    [InlineData("provider_revoked", false)]
    [InlineData("Compromised", true)]
    [InlineData("", true)]
    [InlineData(null, true)]
    public void RevocationReason_MustBeOneOfTheFive(string? reason, bool broken)
    {
        var rule = new RevocationReasonMustBeKnownRule(reason);
        Assert.Equal(broken, rule.IsBroken());
        Assert.Equal("reason", rule.Field);
        Assert.Equal(RuleKind.BadInput, rule.Kind);
        Assert.Equal("revocation_reason_invalid", rule.Code);
    }
}
