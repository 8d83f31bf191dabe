namespace Ibis.Server.Refunds;

/// <summary>Log events of refund decisions (event ids 1400–1499; docs/operations.md "Log events"). Ids and amounts only.</summary>
internal static partial class RefundsLog
{
    [LoggerMessage(EventId = 1400, EventName = "RefundReviewed", Level = LogLevel.Information,
        Message = "Refund {RefundId} reviewed: {Status}")]
    public static partial void Reviewed(ILogger logger, string refundId, string status);

    [LoggerMessage(EventId = 1401, EventName = "RefundCertified", Level = LogLevel.Information,
        Message = "Refund {RefundId} certified for {CertifiedMills} mills")]
    public static partial void Certified(ILogger logger, string refundId, long certifiedMills);

    [LoggerMessage(EventId = 1402, EventName = "RefundPaid", Level = LogLevel.Information,
        Message = "Refund {RefundId} approved and paid: {AmountMills} mills to account {AccountId}")]
    public static partial void Paid(ILogger logger, string refundId, long amountMills, string accountId);

    [LoggerMessage(EventId = 1403, EventName = "RefundRejected", Level = LogLevel.Information,
        Message = "Refund {RefundId} rejected")]
    public static partial void Rejected(ILogger logger, string refundId);
}
