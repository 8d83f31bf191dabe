using Ibis.Domain.Webhooks;
using Xunit;

namespace Ibis.Domain.Tests.Webhooks;

public sealed class WebhookRulesTests
{
    [Theory]
    [InlineData("https://mailer.example/hooks", false, false)]
    [InlineData("https://mailer.example:8443/hooks?x=1", false, false)]
    [InlineData("http://mailer.example/hooks", false, true)]
    [InlineData("http://mailer.example/hooks", true, true)]
    [InlineData("http://localhost:5000/hooks", false, true)]
    [InlineData("http://localhost:5000/hooks", true, false)]
    [InlineData("http://127.0.0.1:5000/hooks", true, false)]
    [InlineData("http://[::1]:5000/hooks", true, false)]
    [InlineData("http://localhost.evil.example/hooks", true, true)]
    [InlineData("https://user:pass@mailer.example/hooks", false, true)]
    [InlineData("https://mailer.example/hooks#frag", false, true)]
    [InlineData("ftp://mailer.example/hooks", true, true)]
    [InlineData("/relative", false, true)]
    [InlineData(null, false, true)]
    public void Url_MustBeHttps_OrLocalHttpInTheSandbox(string? url, bool sandbox, bool broken)
    {
        var rule = new WebhookUrlMustBeHttpsRule(url, sandbox);
        Assert.Equal(broken, rule.IsBroken());
        Assert.Equal("url", rule.Field);
        Assert.Equal("webhook_url_invalid", rule.Code);
    }

    [Fact]
    public void Url_LongerThanTheLimit_IsRefused() =>
        Assert.True(new WebhookUrlMustBeHttpsRule("https://mailer.example/" + new string('a', WebhookUrlMustBeHttpsRule.MaxLength), false).IsBroken());

    [Theory]
    [InlineData(new[] { "deposit.cleared" }, false)]
    [InlineData(new[] { "deposit.cleared", "license.issued", "license.revoked", "audit.failed", "watchdog.near", "device.reported", "refund.paid" }, false)]
    [InlineData(new string[0], true)]
    [InlineData(new[] { "indicium.printed" }, true)]
    [InlineData(new[] { "refund.paid", "refund.paid" }, true)]
    [InlineData(new[] { "Refund.Paid" }, true)]
    public void EventTypes_ComeFromTheFixedList_EachOnce(string[] types, bool broken)
    {
        var rule = new WebhookEventTypesMustBeKnownRule(types);
        Assert.Equal(broken, rule.IsBroken());
        if (types.Contains("indicium.printed")) Assert.Contains("'indicium.printed' is not one", rule.Message);
    }

    [Fact]
    public void EventTypes_Missing_IsRefused() => Assert.True(new WebhookEventTypesMustBeKnownRule(null).IsBroken());

    [Fact]
    public void EndpointLimit_IsTenPerOrganisation()
    {
        Assert.False(new WebhookEndpointLimitRule(9).IsBroken());
        Assert.True(new WebhookEndpointLimitRule(10).IsBroken());
    }

    [Fact]
    public void Backoff_DoublesFromTheBase_IsCapped_AndEndsAfterTheLastAttempt()
    {
        var backoff = new WebhookBackoff(TimeSpan.FromSeconds(30), TimeSpan.FromMinutes(5), 6);
        Assert.Equal(TimeSpan.FromSeconds(30), backoff.After(1));
        Assert.Equal(TimeSpan.FromSeconds(60), backoff.After(2));
        Assert.Equal(TimeSpan.FromSeconds(120), backoff.After(3));
        Assert.Equal(TimeSpan.FromSeconds(240), backoff.After(4));
        Assert.Equal(TimeSpan.FromMinutes(5), backoff.After(5)); // 480 s capped at 300 s
        Assert.Null(backoff.After(6));
        Assert.Equal(TimeSpan.FromHours(6), WebhookBackoff.Default.After(11)); // 30 s × 2¹⁰ > 6 h
    }
}
