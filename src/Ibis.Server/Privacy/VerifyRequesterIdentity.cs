using Ibis.Data;
using Ibis.Server.Api;
using Ibis.Server.Auth;
using Ibis.Server.UseCases;

namespace Ibis.Server.Privacy;

/// <param name="Method">How the identity was checked: one of <see cref="VerifyRequesterIdentity.VerificationMethods"/>.</param>
/// <param name="Note">What was checked, up to 500 characters.</param>
public sealed record VerificationRequest(string? Method, string? Note = null);

/// <summary>
/// Notice 820.100 "Record Access Procedures": requests for access follow "USPS Privacy Act regulations regarding
/// access to records and verification of identity under 39 CFR 266.6" — the privacy officer verifies the
/// requester's identity, recording how and what was checked, before any record is disclosed to it.
/// </summary>
public sealed class VerifyRequesterIdentity(IbisDb db, CommandPipeline pipeline, TimeProvider clock)
{
    public static readonly Access Access = Access.For(Caller.PrivacyOfficerRole);

    public static readonly string[] VerificationMethods = ["in_person_photo_id", "notarized_statement", "signed_statement_compared", "account_credentials"];

    public Task<PrivacyRequestView> Handle(Caller caller, string id, VerificationRequest body, CancellationToken ct) => pipeline.Run(caller, Access, async ct =>
    {
        if (body.Method is null || !VerificationMethods.Contains(body.Method))
            throw ApiException.Invalid("verification_method_invalid", $"method is one of {string.Join(", ", VerificationMethods)} (39 CFR 266.6)", "method");
        var row = await PrivacyRecords.Find(db, id, ct);
        var request = PrivacyRecords.Aggregate(row);
        request.VerifyIdentity();
        var note = body.Note?.Trim();
        if (note is { Length: > 500 }) throw ApiException.Invalid("verification_note_too_long", "the note says what was checked in up to 500 characters", "note");
        row.Status = request.Status;
        row.VerifiedBy = caller.UserOrKeyId;
        row.VerificationMethod = body.Method;
        row.VerificationNote = string.IsNullOrEmpty(note) ? null : note;
        row.VerifiedAt = clock.GetUtcNow();
        return PrivacyRequestView.From(row);
    }, ct);
}
