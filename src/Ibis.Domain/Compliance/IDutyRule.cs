namespace Ibis.Domain.Compliance;

/// <summary>
/// A dated duty of the rule (DESIGN §3, Compliance): its stable code, the section it comes from, who
/// owes it, when to remind and whom to tell when it is missed. One class per duty; a module adds a
/// duty by adding its rule here and one duty source on the server.
/// </summary>
public interface IDutyRule
{
    /// <summary>Stable lower_snake code, shown by the API as <c>rule</c>.</summary>
    string Code { get; }

    /// <summary>The section(s) of P050, 39 CFR 502 or notice 820.100 that set the duty.</summary>
    string Section { get; }

    /// <summary>What must be done, in a sentence a notice can carry.</summary>
    string Title { get; }

    DutyParty Owner { get; }

    /// <summary>How long before the deadline the owner is reminded; zero for no reminder.</summary>
    TimeSpan ReminderLead { get; }

    /// <summary>Who is told when the duty is missed, besides the owner; null for nobody.</summary>
    DutyParty? EscalatesTo { get; }

    /// <summary>Whether the owner discharges the duty by declaring it done (nothing in Ibis records the act itself).</summary>
    bool CompletedByDeclaration => false;
}
