namespace Ibis.Domain.Compliance;

/// <summary>Only a duty the rule leaves to the owner's word (AMS update P050 2.5g, license check 2.5e) can be declared done.</summary>
public sealed record DutyMustBeDeclarableRule(string RuleCode, bool Declarable) : IBusinessRule
{
    public string Code => "duty_not_declarable";

    public string Message => $"{RuleCode} is done by the act the rule requires, which Ibis records itself; it cannot be declared done";

    public RuleKind Kind => RuleKind.Conflict;

    public bool IsBroken() => !Declarable;
}

/// <summary>A duty already done stays done; declaring it again changes nothing and is refused.</summary>
public sealed record DutyMustBeOpenRule(DutyStatus Status) : IBusinessRule
{
    public string Code => "duty_already_done";

    public string Message => "this duty is already done";

    public RuleKind Kind => RuleKind.Conflict;

    public bool IsBroken() => Status == DutyStatus.Done;
}

/// <summary>A duty can be seen and declared only by the organisation that owes it.</summary>
public sealed record DutyMustBelongToCallerRule(bool Belongs) : IBusinessRule
{
    public string Code => "duty_not_found";

    public string Message => "no such duty";

    public RuleKind Kind => RuleKind.NotFound;

    public bool IsBroken() => !Belongs;
}

/// <summary>
/// The clock offset (Ibis:Clock:Offset) replays time against a running server; on a live installation it
/// would back-date or post-date postage, audits and deadlines, so only a sandbox installation takes it.
/// </summary>
public sealed record ClockOffsetOnlyInSandboxRule(TimeSpan Offset, bool Sandbox) : IBusinessRule
{
    public string Code => "clock_offset_not_allowed";

    public string Message => $"Ibis:Clock:Offset is {Offset} but this is a live installation (Ibis:Sandbox=false); a live clock is never shifted";

    public RuleKind Kind => RuleKind.BadInput;

    public bool IsBroken() => !Sandbox && Offset != TimeSpan.Zero;
}
