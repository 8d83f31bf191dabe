namespace Ibis.Domain.Funds;

/// <summary>
/// A deposit into a CMRS (deposit) account by one of the payment methods of P050 3.5a: recorded as pending with
/// its payment instruction, then confirmed when the payment clears (the account is credited, §502.25) or failed
/// when it is declined — once. The server loads it from its row, calls a verb and stores <see cref="Status"/> back.
/// </summary>
public sealed class Deposit
{
    private Deposit(string id, DepositStatus status)
    {
        Id = id;
        Status = status;
    }

    public string Id { get; }

    public DepositStatus Status { get; private set; }

    public static Deposit Load(string id, DepositStatus status) => new(id, status);

    /// <summary>The processor took the instruction without an answer yet: the deposit stays pending, which only a pending one can.</summary>
    public void AwaitClearing() => Rules.Check(new DepositTransitionMustBeAllowedRule(Id, Status, DepositStatus.Pending));

    /// <summary>The payment cleared: the caller credits the account (P050 3.5, §502.25).</summary>
    public void Confirm() => MoveTo(DepositStatus.Confirmed);

    /// <summary>The payment was declined: nothing is credited.</summary>
    public void Fail() => MoveTo(DepositStatus.Failed);

    /// <summary>
    /// The bank returned an ACH debit. A return may come after the settlement window, when the deposit was already
    /// confirmed and credited (R05, R07, R10 come weeks later): it fails it all the same, and the caller reverses the
    /// credit — the one move out of confirmed. True when the deposit had been credited.
    /// </summary>
    public bool Return()
    {
        if (Status != DepositStatus.Confirmed)
        {
            Fail();
            return false;
        }
        Status = DepositStatus.Failed;
        return true;
    }

    private void MoveTo(DepositStatus to)
    {
        Rules.Check(new DepositTransitionMustBeAllowedRule(Id, Status, to));
        Status = to;
    }
}

public static class DepositStatuses
{
    /// <summary>
    /// A deposit is settled once: pending → confirmed | failed, nothing else (an ACH return after settlement is
    /// <see cref="Deposit.Return"/>). Pending → pending is the deposit waiting for its processor's answer.
    /// </summary>
    public static bool Allows(DepositStatus from, DepositStatus to) => (from, to) switch
    {
        (DepositStatus.Pending, DepositStatus.Confirmed or DepositStatus.Failed or DepositStatus.Pending) => true,
        _ => false,
    };
}

/// <summary>A deposit is settled once: a second confirmation (or a failure after it) is refused (P050 3.5, §502.25).</summary>
public sealed record DepositTransitionMustBeAllowedRule(string DepositId, DepositStatus From, DepositStatus To) : IBusinessRule
{
    public string Code => "deposit_already_settled";

    public string Message => $"deposit {DepositId} is already {From.ToWords()}";

    public RuleKind Kind => RuleKind.Conflict;

    public bool IsBroken() => !DepositStatuses.Allows(From, To);
}
