using Ibis.Data;
using Ibis.Data.Entities;
using Ibis.Security.Fields;
using Microsoft.EntityFrameworkCore;

namespace Ibis.Server.Customers;

/// <summary>
/// The customer records' data keys in the database (DESIGN §4 "Records"). Everything personal about a
/// customer — the record, its earlier versions, its ACH records, its 3601-A forms — is sealed under the
/// record's one key, so <see cref="Destroy"/> makes all of it unreadable, in the database and in any
/// backup taken afterwards, even to someone holding the key-encryption key.
/// </summary>
public sealed class RecordKeys(RecordKeyWrap wrap)
{
    /// <summary>Creates the record's data key (added to the context, saved with the record) and returns it.</summary>
    public byte[] Create(IbisDb db, string recordId, DateTimeOffset now)
    {
        var (key, wrapped) = wrap.NewKey(recordId);
        db.CustomerKeys.Add(new CustomerKeyRow { RecordId = recordId, WrappedKey = wrapped, CreatedAt = now });
        return key;
    }

    /// <summary>The record's data key, or null when it was destroyed (the record was disposed of).</summary>
    public async Task<byte[]?> Find(IbisDb db, string recordId, CancellationToken ct)
    {
        var row = db.CustomerKeys.Local.FirstOrDefault(k => k.RecordId == recordId)
                  ?? await db.CustomerKeys.AsNoTracking().FirstOrDefaultAsync(k => k.RecordId == recordId, ct);
        return row is null ? null : wrap.Unwrap(row.WrappedKey, recordId);
    }

    public async Task<byte[]> Get(IbisDb db, string recordId, CancellationToken ct) =>
        await Find(db, recordId, ct) ?? throw new Api.ApiException(410, "record_disposed", $"customer record {recordId} was disposed of under the retention schedule; its data no longer exists");

    /// <summary>
    /// Crypto-shredding: overwrite the wrapped key, then delete its row (the overwrite first, so a
    /// page freed by the delete does not keep the old wrapped bytes).
    /// </summary>
    public static async Task Destroy(IbisDb db, string recordId, CancellationToken ct)
    {
        var zero = new byte[61];
        await db.CustomerKeys.Where(k => k.RecordId == recordId).ExecuteUpdateAsync(s => s.SetProperty(k => k.WrappedKey, zero), ct);
        await db.CustomerKeys.Where(k => k.RecordId == recordId).ExecuteDeleteAsync(ct);
    }

    public static byte[] Seal(byte[] dataKey, string recordId, string context, string plaintext) => RecordKeyWrap.Seal(dataKey, recordId, context, plaintext);

    public static string Open(byte[] dataKey, string recordId, string context, byte[] blob) => RecordKeyWrap.Open(dataKey, recordId, context, blob);
}
