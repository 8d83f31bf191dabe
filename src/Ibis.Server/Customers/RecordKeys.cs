using System.Security.Cryptography;
using System.Text;
using Ibis.Data;
using Ibis.Data.Entities;
using Ibis.Security.Keys;
using Microsoft.EntityFrameworkCore;

namespace Ibis.Server.Customers;

/// <summary>
/// Per-record data keys (DESIGN §4 "Records"). Each customer record has its own 256-bit key generated
/// inside the key store (software: wrapped under the key-encryption key; PKCS#11: an object on the
/// token), and its AES-256 data key is that key's HMAC over a fixed label, so the data key never
/// exists outside memory. Everything personal about the customer — the record, its earlier versions,
/// its ACH records, its 3601-A forms and their transmitted copies — is sealed under it.
/// <see cref="DestroyDisposed"/> zeroizes the key in the store and deletes its handle, after which none of it
/// can be opened, even by someone who holds the key-encryption key (crypto-shredding). With PKCS#11
/// the key is gone from the token, so database backups taken before the disposal cannot resurrect it
/// either.
/// Sealed blob layout: version (1) ‖ nonce (12) ‖ ciphertext ‖ tag (16); AAD = record id ‖ 0 ‖ context.
/// </summary>
public sealed class RecordKeys(IKeyStore store)
{
    private const byte Version = 1;

    /// <summary>Creates the record's key (its handle added to the context, saved with the record) and returns the data key.</summary>
    public byte[] Create(IbisDb db, string recordId, DateTimeOffset now)
    {
        var handle = store.GenerateMacKey(recordId + "/record-key");
        db.CustomerKeys.Add(new CustomerKeyRow { RecordId = recordId, WrappedKey = handle, CreatedAt = now });
        return DataKey(handle, recordId);
    }

    /// <summary>The record's data key, or null when it was destroyed (the record was disposed of).</summary>
    public async Task<byte[]?> Find(IbisDb db, string recordId, CancellationToken ct)
    {
        var row = db.CustomerKeys.Local.FirstOrDefault(k => k.RecordId == recordId)
                  ?? await db.CustomerKeys.AsNoTracking().FirstOrDefaultAsync(k => k.RecordId == recordId, ct);
        return row is null ? null : DataKey(row.WrappedKey, recordId);
    }

    public async Task<byte[]> Get(IbisDb db, string recordId, CancellationToken ct) =>
        await Find(db, recordId, ct) ?? throw Disposed(recordId);

    /// <summary>The refusal to read a record whose data was disposed of (its key destroyed).</summary>
    public static Api.ApiException Disposed(string recordId) =>
        new(410, "record_disposed", $"customer record {recordId} was disposed of under the retention schedule; its data no longer exists");

    /// <summary>
    /// Crypto-shredding, after the disposal committed (issue 16 item 7). The disposal's transaction deletes the
    /// customer record and leaves its key row: a key whose record is gone is a pending destruction. Only then is
    /// each such key zeroized in the store, its handle overwritten and its row deleted (the overwrite first, so a
    /// page freed by the delete does not keep the old handle). Destroying inside the transaction would leave a
    /// record that can never be read again if the transaction then rolled back; a crash between the commit and
    /// this step leaves the key pending, and the next start (<see cref="PendingRecordKeyDestructions"/>) or the
    /// next disposal run finishes it. Returns how many keys were destroyed.
    /// </summary>
    public async Task<int> DestroyDisposed(IbisDb db, CancellationToken ct)
    {
        var pending = await db.CustomerKeys.AsNoTracking()
            .Where(k => !db.CustomerRecords.Any(r => r.Id == k.RecordId))
            .Select(k => new { k.RecordId, k.WrappedKey }).ToListAsync(ct);
        foreach (var key in pending)
        {
            try
            {
                store.Destroy(key.WrappedKey);
            }
            catch (KeyStoreException e) when (e.Code == KeyStoreException.KeyDestroyed)
            {
                // Destroyed before a crash kept the row from going: only the row is left to delete.
            }
            var zero = new byte[key.WrappedKey.Length];
            await db.CustomerKeys.Where(k => k.RecordId == key.RecordId).ExecuteUpdateAsync(s => s.SetProperty(k => k.WrappedKey, zero), ct);
            await db.CustomerKeys.Where(k => k.RecordId == key.RecordId).ExecuteDeleteAsync(ct);
        }
        return pending.Count;
    }

    private byte[] DataKey(byte[] handle, string recordId) =>
        store.ComputeMac(handle, Encoding.UTF8.GetBytes("ibis/customer-record-data-key/v1\0" + recordId));

    public static byte[] Seal(byte[] dataKey, string recordId, string context, string plaintext)
    {
        var plain = Encoding.UTF8.GetBytes(plaintext);
        var blob = new byte[1 + 12 + plain.Length + 16];
        blob[0] = Version;
        RandomNumberGenerator.Fill(blob.AsSpan(1, 12));
        using var aes = new AesGcm(dataKey, 16);
        aes.Encrypt(blob.AsSpan(1, 12), plain, blob.AsSpan(13, plain.Length), blob.AsSpan(13 + plain.Length), Aad(recordId, context));
        CryptographicOperations.ZeroMemory(plain);
        return blob;
    }

    /// <summary>Opens a sealed field; throws <see cref="CryptographicException"/> for a wrong key, record or context.</summary>
    public static string Open(byte[] dataKey, string recordId, string context, byte[] blob)
    {
        if (blob.Length < 29 || blob[0] != Version) throw new CryptographicException("not a sealed customer field");
        var plain = new byte[blob.Length - 29];
        using var aes = new AesGcm(dataKey, 16);
        aes.Decrypt(blob.AsSpan(1, 12), blob.AsSpan(13, plain.Length), blob.AsSpan(13 + plain.Length), plain, Aad(recordId, context));
        return Encoding.UTF8.GetString(plain);
    }

    private static byte[] Aad(string recordId, string context) => Encoding.UTF8.GetBytes(recordId + "\0" + context);
}
