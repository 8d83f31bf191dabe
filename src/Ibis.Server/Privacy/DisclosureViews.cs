using System.Text.Json;
using Ibis.Data.Entities;
using Ibis.Domain.Customers;
using Ibis.Server.Customers;

namespace Ibis.Server.Privacy;

/// <summary>One line of the accounting of disclosures (5 U.S.C. 552a(c)(1)): date, nature and purpose, recipient — never a value.</summary>
public sealed record DisclosureView(string Id, string Object, string RecordId, string LicenseeId, string Recipient, string RecipientAddress,
    string RoutineUse, int RoutineUseNumber, string RoutineUseTitle, string Purpose, IReadOnlyList<string> Records, string DisclosedBy, DateTimeOffset DisclosedAt)
{
    public static DisclosureView From(DisclosureRow r)
    {
        var use = RoutineUses.Find(r.RoutineUse);
        return new(r.Id, "disclosure", r.RecordId, r.LicenseeId, r.Recipient, r.RecipientAddress, r.RoutineUse, use?.Number ?? 0, use?.Title ?? r.RoutineUse,
            r.Purpose, JsonSerializer.Deserialize<string[]>(r.Records) ?? [], r.DisclosedBy, r.DisclosedAt);
    }
}

/// <summary>What left: the accounting line and the values handed to the recipient (this answer only; the line keeps no value).</summary>
public sealed record DisclosedRecordView(DisclosureView Disclosure, IReadOnlyDictionary<string, Dictionary<string, string>> Categories, IReadOnlyList<AchView> Ach);
