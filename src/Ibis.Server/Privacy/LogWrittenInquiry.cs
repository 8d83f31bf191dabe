using Ibis.Data;
using Ibis.Data.Entities;
using Ibis.Domain;
using Ibis.Domain.Customers;
using Ibis.Server.Api;
using Ibis.Server.Auth;
using Ibis.Server.Customers;
using Ibis.Server.UseCases;
using Microsoft.EntityFrameworkCore;

namespace Ibis.Server.Privacy;

/// <summary>A written inquiry received by the system manager and logged by staff (notice 820.100 "Notification Procedure").</summary>
public sealed record WrittenInquiryInput(string? CustomerName, string? CustomerId, string? LogonId, string? ReceivedVia);

/// <summary>
/// Staff log a written inquiry addressed to the system manager (notice 820.100 "Notification Procedure": "Inquiries
/// should contain name, customer ID(s), if any, and/or logon ID"). The requester is the customer those keys name;
/// keys that name no record are still logged, and the report will say nothing is held. Nothing is disclosed until
/// the requester's identity is verified (39 CFR 266.6, <see cref="VerifyRequesterIdentity"/>).
/// </summary>
public sealed class LogWrittenInquiry(IbisDb db, CommandPipeline pipeline, TimeProvider clock)
{
    public static readonly Access Access = Access.For(Caller.PrivacyOfficerRole);

    /// <summary>How a written inquiry reaches the system manager; "portal" is set for the customer's own requests.</summary>
    public static readonly string[] ReceivedViaChoices = ["mail", "fax", "e_mail", "in_person"];

    public Task<PrivacyRequestView> Handle(Caller caller, WrittenInquiryInput body, CancellationToken ct) => pipeline.Run(caller, Access, async ct =>
    {
        string? name = PrivacyRecords.Blank(body.CustomerName), number = PrivacyRecords.Blank(body.CustomerId), logon = PrivacyRecords.Blank(body.LogonId);
        if (name is null && number is null && logon is null)
            throw ApiException.Invalid("inquiry_incomplete", "an inquiry contains the name, customer ID(s) and/or logon ID (notice 820.100 Notification Procedure)", "customer_name");
        if (name is { Length: > 200 } || number is { Length: > 40 } || logon is { Length: > 100 })
            throw ApiException.Invalid("inquiry_key_too_long", "name up to 200, customer ID up to 40, logon ID up to 100 characters", "customer_name");
        if (body.ReceivedVia is null || !ReceivedViaChoices.Contains(body.ReceivedVia))
            throw ApiException.Invalid("received_via_invalid", $"received_via is one of {string.Join(", ", ReceivedViaChoices)}", "received_via");
        // The customer ID and the logon ID name one customer; a name alone must name exactly one.
        var normalized = name is null ? null : CustomerRecords.Normalize(name);
        var matches = await db.CustomerRecords.AsNoTracking()
            .Where(r => (number != null && r.CustomerNumber == number) || (logon != null && r.LogonId == logon) || (number == null && logon == null && r.CustomerName == normalized))
            .Select(r => new { r.Id, r.LicenseeId }).ToListAsync(ct);
        var licensees = matches.Select(m => m.LicenseeId).Distinct().ToList();
        if (licensees.Count > 1)
            throw ApiException.Invalid("inquiry_ambiguous", "these keys name more than one customer; add the customer ID or logon ID from the letter", number is null ? "customer_id" : "logon_id");
        var now = clock.GetUtcNow();
        var request = PrivacyRequest.Receive(Ids.New("pvr"), PrivacyRequestKind.Inquiry);
        var row = new PrivacyRequestRow
        {
            Id = request.Id, Kind = request.Kind.ToText(), RequesterLicenseeId = licensees.SingleOrDefault() ?? "", Status = request.Status, ReceivedAt = now,
            CustomerName = name, CustomerNumber = number, LogonId = logon, ReceivedVia = body.ReceivedVia,
        };
        foreach (var m in matches) CustomerAccess.Log(db, caller, m.Id, "inquiry_logged", "privacy_act_request", now);
        db.PrivacyRequests.Add(row);
        return PrivacyRequestView.From(row);
    }, ct);
}
