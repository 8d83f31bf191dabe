using Ibis.Data;
using Ibis.Data.Entities;
using Ibis.Domain;
using Ibis.Domain.Oversight;
using Ibis.Server.Auth;
using Ibis.Server.UseCases;

namespace Ibis.Server.Oversight;

/// <summary>A read by a Postal Service official: its purpose (required, logged) and the page asked for.</summary>
public sealed record OversightQuery(string? Purpose, Api.PageQuery Page, string? ProviderId = null);

/// <summary>
/// The Postal Service's read-only access to every provider's records (P050 2.5b "available for review and
/// audit to the Provider or the USPS", 3.4 "the USPS reserves the right to examine security devices";
/// §502.10, §502.19, §502.25(b)). Every read runs through the command pipeline so that the log line of the
/// read (who, what, when, why) commits with it or the read does not happen.
/// </summary>
public static class OversightReads
{
    /// <summary>The Postal Service's officials who oversee providers; the caller's mode (live or sandbox) limits what they reach.</summary>
    public static readonly Access Access = Access.For(Caller.PostalRole, Caller.AuditorRole, Caller.InspectorRole);

    /// <summary>Checks the purpose and adds the read to the log, in the pipeline's transaction.</summary>
    public static void Log(IbisDb db, Caller caller, string resource, string? subjectId, string? purpose, DateTimeOffset now)
    {
        Rules.Check(new OversightPurposeMustBeGivenRule(purpose));
        db.OversightReads.Add(new OversightReadRow
        {
            Id = Ids.New("ovr"), Actor = caller.UserOrKeyId, Role = caller.Role, Resource = resource, SubjectId = subjectId,
            Purpose = purpose!.Trim(), Sandbox = caller.TestMode, ReadAt = now,
        });
    }
}
