using Ibis.Data.Entities;
using Ibis.Domain;
using Ibis.Server.Observability;

namespace Ibis.Server.Funds;

/// <summary>Log events of the Funds module (event ids 1200–1299; docs/operations.md "Log events"). Ids and amounts only, never payment instruments.</summary>
internal static partial class FundsLog
{
    /// <summary>After a deposit's settlement committed: the event and the deposit counter of /metrics.</summary>
    public static void Settled(ILogger logger, DepositRow deposit)
    {
        IbisMetrics.Deposit(deposit.Status.ToText());
        DepositSettled(logger, deposit.Id, deposit.AccountId, deposit.Status.ToText(), deposit.AmountMills, deposit.Method);
    }

    [LoggerMessage(EventId = 1200, EventName = "DepositSettled", Level = LogLevel.Information,
        Message = "Deposit {DepositId} to account {AccountId}: {Status}, {AmountMills} mills by {Method}")]
    private static partial void DepositSettled(ILogger logger, string depositId, string accountId, string status, long amountMills, string method);
}
