using Ibis.Domain;
using Ibis.Domain.Money;
using Ibis.Domain.Refunds;
using Xunit;

namespace Ibis.Domain.Tests.Refunds;

/// <summary>Issue 13: the refund state machine, the piece rules of §502.27(a) and Part IV of Form 3533.</summary>
public sealed class RefundRuleTests
{
    private static readonly DateOnly Today = new(2026, 12, 5);

    private static PieceFacts Good => new()
    {
        KnownAndOwned = true, SignatureValid = true, RequestDeviceId = "psd_a", PieceDeviceId = "psd_a", MailingDate = Today, Today = Today,
    };

    [Theory]
    [InlineData(0, true)]
    [InlineData(30, true)] // "30 days old or less" (§502.27(a)(1))
    [InlineData(31, false)]
    [InlineData(-1, true)] // dated ahead (P050 4.7) is not old
    public void APiece_Qualifies_OnlyWhenThirtyDaysOldOrLess(int ageDays, bool qualifies)
    {
        var verdict = PieceAssessment.Judge(Good with { MailingDate = Today.AddDays(-ageDays) });
        Assert.Equal(qualifies, verdict.Qualifies);
        Assert.Equal(qualifies ? null : "piece_too_old", verdict.ReasonCode);
        if (!qualifies) Assert.Contains($"{ageDays} days old", verdict.Reason);
    }

    public static TheoryData<string, Func<PieceFacts, PieceFacts>> Broken => new()
    {
        { "barcode_unreadable", f => f with { Readable = false, ReadError = "x" } },
        { "duplicate_in_request", f => f with { ListedBefore = true } },
        { "test_piece_in_live_request", f => f with { RequestIsLive = true, PieceIsTest = true } },
        { "indicium_unknown", f => f with { KnownAndOwned = false } },
        { "signature_invalid", f => f with { SignatureValid = false } },
        { "device_mismatch", f => f with { PieceDeviceId = "psd_b" } },
        { "already_refunded", f => f with { RefundedBy = "rfd_x" } },
        { "seen_in_mailstream", f => f with { SeenInMailstream = true } },
    };

    [Theory]
    [MemberData(nameof(Broken))]
    public void EachBrokenCheck_IsItsOwnReason(string code, Func<PieceFacts, PieceFacts> change)
    {
        Assert.True(PieceAssessment.Judge(Good).Qualifies);
        var verdict = PieceAssessment.Judge(change(Good));
        Assert.False(verdict.Qualifies);
        Assert.Equal(code, verdict.ReasonCode);
        Assert.False(string.IsNullOrWhiteSpace(verdict.Reason));
    }

    [Fact]
    public void ATestPiece_QualifiesInASandboxRequest_AndNoDeviceNamedMeansAnyOwnDevice()
    {
        Assert.True(PieceAssessment.Judge(Good with { PieceIsTest = true, RequestIsLive = false }).Qualifies);
        Assert.True(PieceAssessment.Judge(Good with { RequestDeviceId = null, PieceDeviceId = "psd_b" }).Qualifies);
    }

    [Fact]
    public void AnUnknownPiece_IsCalledUnknown_BeforeAnythingAboutItIsJudged()
    {
        // Another licensee's piece: its age or refund state must not show through.
        var verdict = PieceAssessment.Judge(Good with { KnownAndOwned = false, RefundedBy = "rfd_x", MailingDate = Today.AddDays(-90), SignatureValid = false });
        Assert.Equal("indicium_unknown", verdict.ReasonCode);
    }

    [Fact]
    public void TheStateMachine_AllowsOnlyTheRulesOrder()
    {
        var allowed = new HashSet<(RefundStatus, RefundStatus)>
        {
            (RefundStatus.Requested, RefundStatus.UnderReview), (RefundStatus.UnderReview, RefundStatus.Certified),
            (RefundStatus.Certified, RefundStatus.Approved), (RefundStatus.Approved, RefundStatus.Paid),
            (RefundStatus.Requested, RefundStatus.Rejected), (RefundStatus.UnderReview, RefundStatus.Rejected), (RefundStatus.Certified, RefundStatus.Rejected),
        };
        foreach (var from in Enum.GetValues<RefundStatus>())
            foreach (var to in Enum.GetValues<RefundStatus>())
                Assert.Equal(allowed.Contains((from, to)), !new RefundTransitionMustBeAllowedRule("rfd_x", from, to).IsBroken());
    }

    [Fact]
    public void ARefund_GoesRequestedToPaid_AndNeverTwice()
    {
        var refund = Refund.Request("rfd_x", RefundKind.UnusedPostage);
        Assert.Equal("signature_required", Assert.Throws<BusinessRuleViolationException>(() => refund.Certify(" ", Mills.FromMills(740))).Code);
        Assert.Equal("refund_nothing_qualifies", Assert.Throws<BusinessRuleViolationException>(() => refund.Certify("Pat", Mills.Zero)).Code);
        Assert.Equal(RefundStatus.Requested, refund.Status);
        refund.Certify("Pat", Mills.FromMills(740));
        Assert.Equal(RefundStatus.Certified, refund.Status);
        refund.Approve();
        refund.Pay();
        Assert.Equal(RefundStatus.Paid, refund.Status);
        Assert.Equal("refund_status_conflict", Assert.Throws<BusinessRuleViolationException>(refund.Approve).Code);
        Assert.Equal("refund_status_conflict", Assert.Throws<BusinessRuleViolationException>(() => refund.Reject("late")).Code);
    }

    [Fact]
    public void ARejection_NeedsAReason()
    {
        var refund = Refund.Request("rfd_x", RefundKind.DeviceBalance);
        Assert.Equal("reason_required", Assert.Throws<BusinessRuleViolationException>(() => refund.Reject("")).Code);
        refund.Reject("pieces never arrived");
        Assert.Equal(RefundStatus.Rejected, refund.Status);
    }

    [Fact]
    public void RetainedPieces_AreKeptFortyFiveDaysAfterTheFormIsSent()
    {
        var sent = new DateTimeOffset(2026, 12, 5, 10, 0, 0, TimeSpan.Zero);
        var until = Refund.RetainUntil(sent);
        Assert.Equal(sent.AddDays(45), until);
        Assert.True(new RetainedPiecesMayBeDestroyedRule("rfd_x", until, until.AddTicks(-1)).IsBroken());
        Assert.False(new RetainedPiecesMayBeDestroyedRule("rfd_x", until, until).IsBroken());
        Assert.True(new RetainedPiecesMayBeDestroyedRule("rfd_x", null, until.AddYears(1)).IsBroken());
    }

    [Fact]
    public void PartFour_GroupsQualifyingPiecesByValue_WithTotals_AndListsTheOthers()
    {
        PartFourPiece P(int line, long mills, bool qualifies, string? reason = null) => new(line, $"ind_{line}", Mills.FromMills(mills), qualifies, reason, reason, null);
        var part = PartFour.Of([P(1, 740, true), P(2, 1200, true), P(3, 740, true), P(4, 740, false, "piece_too_old"), new PartFourPiece(5, null, null, false, "indicium_unknown", "x", "ind_q")]);
        Assert.Equal([(740L, 2, 1480L), (1200L, 1, 1200L)], part.Groups.Select(g => (g.PostageValue.Value, g.Pieces, g.Total.Value)).ToArray());
        Assert.Equal(2680, part.GrandTotal.Value);
        Assert.Equal(3, part.QualifyingPieces);
        Assert.Equal([4, 5], part.NonQualifying.Select(p => p.Line).ToArray());
    }

    [Fact]
    public void RequestRules_RefuseAnEmptyOrHugeRequest()
    {
        Assert.True(new RefundRequestMustListPiecesRule(0, 0).IsBroken());
        Assert.False(new RefundRequestMustListPiecesRule(0, 1).IsBroken());
        Assert.True(new RefundRequestMustBeBoundedRule(RefundRequestMustBeBoundedRule.MaxPieces + 1, 0).IsBroken());
        Assert.False(new RefundRequestMustBeBoundedRule(RefundRequestMustBeBoundedRule.MaxPieces, RefundRequestMustBeBoundedRule.MaxPages).IsBroken());
    }

    [Fact]
    public void StatusesAndKinds_RoundTripAsText()
    {
        foreach (var s in Enum.GetValues<RefundStatus>()) Assert.Equal(s, EnumText<RefundStatus>.Parse(s.ToText()));
        foreach (var k in Enum.GetValues<RefundKind>()) Assert.Equal(k, EnumText<RefundKind>.Parse(k.ToText()));
    }
}
