using Ibis.Domain.Customers;
using Xunit;

namespace Ibis.Domain.Tests.Customers;

/// <summary>
/// Notice 820.100 (Notification, Record Access and Contesting Record Procedures) and 39 CFR 266.6: a request
/// is received, the requester's identity verified, then an inquiry answered or an amendment accepted or
/// refused. Every move the API allows, and every refusal with the code it has always answered.
/// </summary>
public sealed class PrivacyRequestTests
{
    private static PrivacyRequest At(PrivacyRequestKind kind, PrivacyRequestStatus status) => PrivacyRequest.Load("pvr_x", kind, status);

    private static string Refused(Action move)
    {
        var refusal = Assert.Throws<BusinessRuleViolationException>(move);
        return refusal.Code;
    }

    [Fact]
    public void AnInquiry_IsReceived_Verified_ThenAnswered_AndMayBeAnsweredAgain()
    {
        var inquiry = PrivacyRequest.Receive("pvr_x", PrivacyRequestKind.Inquiry);
        Assert.Equal(PrivacyRequestStatus.Received, inquiry.Status);
        inquiry.VerifyIdentity();
        Assert.Equal(PrivacyRequestStatus.Verified, inquiry.Status);
        inquiry.Answer();
        Assert.Equal(PrivacyRequestStatus.Answered, inquiry.Status);
        inquiry.Answer(); // the report produced again (a download): still answered
        Assert.Equal(PrivacyRequestStatus.Answered, inquiry.Status);
    }

    [Fact]
    public void AnAmendment_IsReceived_Verified_ThenAcceptedOrRefusedWithReasons()
    {
        var accepted = PrivacyRequest.Receive("pvr_x", PrivacyRequestKind.Amendment);
        accepted.VerifyIdentity();
        accepted.MustAwaitDecision();
        accepted.Accept();
        Assert.Equal(PrivacyRequestStatus.Accepted, accepted.Status);

        var refused = At(PrivacyRequestKind.Amendment, PrivacyRequestStatus.Verified);
        refused.Refuse("the record is correct");
        Assert.Equal(PrivacyRequestStatus.Refused, refused.Status);
    }

    public static TheoryData<PrivacyRequestKind, PrivacyRequestStatus> AlreadyVerified => new()
    {
        { PrivacyRequestKind.Inquiry, PrivacyRequestStatus.Verified },
        { PrivacyRequestKind.Inquiry, PrivacyRequestStatus.Answered },
        { PrivacyRequestKind.Amendment, PrivacyRequestStatus.Verified },
        { PrivacyRequestKind.Amendment, PrivacyRequestStatus.Accepted },
        { PrivacyRequestKind.Amendment, PrivacyRequestStatus.Refused },
    };

    [Theory]
    [MemberData(nameof(AlreadyVerified))]
    public void TheIdentity_IsVerifiedOnce(PrivacyRequestKind kind, PrivacyRequestStatus status)
    {
        var request = At(kind, status);
        var refusal = Assert.Throws<BusinessRuleViolationException>(request.VerifyIdentity);
        Assert.Equal("request_not_received", refusal.Code);
        Assert.Equal($"request pvr_x is {status.ToText()}", refusal.Message);
        Assert.Equal(RuleKind.Conflict, refusal.Rule.Kind);
        Assert.Equal(status, request.Status);
    }

    [Fact]
    public void NothingIsReported_OrDecided_BeforeTheIdentityIsVerified()
    {
        var inquiry = At(PrivacyRequestKind.Inquiry, PrivacyRequestStatus.Received);
        Assert.Equal("identity_not_verified", Refused(inquiry.Answer));
        Assert.Contains("before records are reported (39 CFR 266.6)", Assert.Throws<BusinessRuleViolationException>(inquiry.Answer).Message);
        var amendment = At(PrivacyRequestKind.Amendment, PrivacyRequestStatus.Received);
        Assert.Equal("identity_not_verified", Refused(amendment.MustAwaitDecision));
        Assert.Equal("identity_not_verified", Refused(amendment.Accept));
        Assert.Equal("identity_not_verified", Refused(() => amendment.Refuse("reasons")));
        Assert.Equal("verify the requester's identity first (39 CFR 266.6)", Assert.Throws<BusinessRuleViolationException>(amendment.Accept).Message);
        Assert.Equal(PrivacyRequestStatus.Received, inquiry.Status);
        Assert.Equal(PrivacyRequestStatus.Received, amendment.Status);
    }

    [Theory]
    [InlineData(PrivacyRequestStatus.Received)]
    [InlineData(PrivacyRequestStatus.Verified)]
    [InlineData(PrivacyRequestStatus.Accepted)]
    [InlineData(PrivacyRequestStatus.Refused)]
    public void AReport_AnswersAnInquiry_NeverAnAmendment(PrivacyRequestStatus status)
    {
        var amendment = At(PrivacyRequestKind.Amendment, status);
        var refusal = Assert.Throws<BusinessRuleViolationException>(amendment.Answer);
        Assert.Equal("request_not_inquiry", refusal.Code);
        Assert.Equal("request pvr_x is an amendment request; a report answers an inquiry", refusal.Message);
    }

    [Theory]
    [InlineData(PrivacyRequestStatus.Received)]
    [InlineData(PrivacyRequestStatus.Verified)]
    [InlineData(PrivacyRequestStatus.Answered)]
    public void OnlyAnAmendment_IsAcceptedOrRefused(PrivacyRequestStatus status)
    {
        var inquiry = At(PrivacyRequestKind.Inquiry, status);
        Assert.Equal("request_not_amendment", Refused(inquiry.MustAwaitDecision));
        Assert.Equal("request_not_amendment", Refused(inquiry.Accept));
        Assert.Equal("request_not_amendment", Refused(() => inquiry.Refuse("reasons")));
        Assert.Equal(status, inquiry.Status);
    }

    [Theory]
    [InlineData(PrivacyRequestStatus.Accepted)]
    [InlineData(PrivacyRequestStatus.Refused)]
    public void ADecidedAmendment_IsNotDecidedAgain(PrivacyRequestStatus status)
    {
        var amendment = At(PrivacyRequestKind.Amendment, status);
        Assert.Equal("request_decided", Refused(amendment.MustAwaitDecision));
        Assert.Equal("request_decided", Refused(amendment.Accept));
        var refusal = Assert.Throws<BusinessRuleViolationException>(() => amendment.Refuse(null));
        Assert.Equal("request_decided", refusal.Code); // the state is refused before the missing reasons
        Assert.Equal($"request pvr_x is {status.ToText()}", refusal.Message);
        Assert.Equal(status, amendment.Status);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    public void ARefusal_RecordsItsReasons(string? reasons)
    {
        var amendment = At(PrivacyRequestKind.Amendment, PrivacyRequestStatus.Verified);
        var refusal = Assert.Throws<BusinessRuleViolationException>(() => amendment.Refuse(reasons));
        Assert.Equal(("reasons_required", "reasons", RuleKind.BadInput), (refusal.Code, refusal.Rule.Field, refusal.Rule.Kind));
        Assert.Equal(PrivacyRequestStatus.Verified, amendment.Status);
    }

    [Fact]
    public void TheRule_AllowsExactlyTheseMoves()
    {
        var allowed = (from kind in Enum.GetValues<PrivacyRequestKind>()
                       from source in Enum.GetValues<PrivacyRequestStatus>()
                       from target in Enum.GetValues<PrivacyRequestStatus>()
                       where PrivacyRequestStatuses.Allows(kind, source, target)
                       select $"{kind.ToText()}: {source.ToText()} -> {target.ToText()}").ToList();
        Assert.Equal(
        [
            "inquiry: received -> verified", "inquiry: verified -> answered", "inquiry: answered -> answered",
            "amendment: received -> verified", "amendment: verified -> accepted", "amendment: verified -> refused",
        ], allowed);
    }
}
