using System.Security.Cryptography;
using System.Text.Json;
using Ibis.Data;
using Ibis.Data.Entities;
using Ibis.Domain;
using Ibis.Server.Api;
using Ibis.Server.Auth;
using Ibis.Server.UseCases;
using Microsoft.EntityFrameworkCore;

namespace Ibis.Server.Customers;

/// <param name="Categories">The record's fields by category of notice 820.100 "Categories of records".</param>
/// <param name="Ach">The bank account for ACH debits, sealed as its own ACH record (kept 2 years, notice 820.100 retention rule 2).</param>
public sealed record CustomerRecordRequest(string? LicenseeId, string? CustomerName, string? LogonId,
    Dictionary<string, Dictionary<string, string>>? Categories, AchInput? Ach);

/// <summary>
/// Notice 820.100 "Record source categories": the provider collects the record for its customer, or the licensee
/// gives its own; one record per licensee, sealed under its own key, the creation written to the access log.
/// </summary>
internal sealed class CreateCustomerRecord(IbisDb db, CommandPipeline pipeline, RecordKeys keys, TimeProvider clock)
{
    public static readonly Access Access = Access.For(Caller.LicenseeRole, Caller.ProviderRole);

    public Task<CustomerRecordView> Handle(Caller caller, CustomerRecordRequest body, string purpose, CancellationToken ct) => pipeline.Run(caller, Access, async ct =>
    {
        var licenseeId = caller.Role == Caller.LicenseeRole ? body.LicenseeId ?? caller.LicenseeId! : body.LicenseeId
            ?? throw ApiException.Invalid("licensee_id_required", "licensee_id names the customer the record is about", "licensee_id");
        var licensee = await db.Licensees.AsNoTracking().FirstOrDefaultAsync(l => l.Id == licenseeId, ct);
        if (licensee is null || !CustomerAccess.MaySee(caller, licensee.Id, licensee.ProviderId)) throw ApiException.NotFound("licensee", licenseeId);
        var name = (body.CustomerName ?? "").Trim();
        if (name.Length is 0 or > 200) throw ApiException.Invalid("customer_name_required", "customer_name is the customer's name (1 to 200 characters)", "customer_name");
        var document = CustomerRecords.Validate(body.Categories ?? []);
        (string Routing, string Account, string Holder)? ach = body.Ach is null ? null : CustomerRecords.ValidateAch(body.Ach);
        var logonId = body.LogonId?.Trim();
        if (logonId is { Length: 0 or > 100 }) throw ApiException.Invalid("logon_id_invalid", "logon_id is 1 to 100 characters", "logon_id");
        if (await db.CustomerRecords.AnyAsync(r => r.LicenseeId == licenseeId, ct))
            throw new ApiException(409, "customer_record_exists", $"licensee {licenseeId} already has a customer record; amend it instead", "licensee_id");

        var now = clock.GetUtcNow();
        var row = new CustomerRecordRow
        {
            Id = Ids.New("rec"), LicenseeId = licenseeId, ProviderId = licensee.ProviderId, CustomerName = CustomerRecords.Normalize(name),
            CustomerNumber = "C" + RandomNumberGenerator.GetInt32(0, 1_000_000_000).ToString("D9", System.Globalization.CultureInfo.InvariantCulture),
            LogonId = logonId, Document = [], Version = 1, CreatedAt = now, UpdatedAt = now,
        };
        var key = keys.Create(db, row.Id, now);
        row.Document = RecordKeys.Seal(key, row.Id, CustomerRecords.DocumentContext, JsonSerializer.Serialize(document));
        db.CustomerRecords.Add(row);
        if (ach is { } a) CustomerRecords.AddAch(db, row.Id, key, a, now);
        if (logonId is not null)
            db.SecurityAccess.Add(new SecurityAccessRow { Id = Ids.New("sec"), RecordId = row.Id, Privilege = "portal_logon", GrantedAt = now });
        CustomerAccess.Log(db, caller, row.Id, "create", purpose, now);
        return await CustomerRecords.View(db, caller, row, key, ct);
    }, ct);
}
