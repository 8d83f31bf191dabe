using System.Globalization;
using Ibis.Data;
using Ibis.Data.Entities;
using Ibis.Domain;
using Ibis.Domain.Devices;
using Ibis.Domain.Indicia;
using Ibis.Domain.Money;
using Ibis.Domain.Psd;
using Ibis.Domain.Rates;
using Ibis.Security.Keys;
using Ibis.Server.Api;
using Ibis.Server.Auth;
using Ibis.Server.Devices;
using Ibis.Server.Hosting;
using Microsoft.EntityFrameworkCore;

namespace Ibis.Server.Indicia;

/// <summary>What a licensee asks for when printing one piece.</summary>
public sealed record PrintIndiciumCommand(
    string DeviceId,
    RateCategory Category,
    decimal WeightOz,
    Mills? Postage,
    DateOnly MailingDate,
    Zip5? DestinationZip,
    string? IdempotencyKey,
    string RequestHash);

/// <summary>
/// The issuance path (DESIGN §3): authorise → rate check → one transaction that locks the device
/// row, debits DR and credits AR, signs the indicium data and inserts the indicium → commit. A
/// failure anywhere rolls the whole transaction back, so registers are untouched. Nothing here is
/// shared between devices: the only lock taken is the device's own row.
/// </summary>
public sealed class PrintIndicium(IbisDb db, IKeyStore keys, TimeProvider clock, IbisOptions options)
{
    public sealed record Result(IndiciumRow Indicium, DeviceRow Device, bool Replayed);

    public async Task<Result> Handle(Caller caller, PrintIndiciumCommand cmd, CancellationToken ct)
    {
        var (device, license) = await DeviceAccess.LoadOwned(db, caller, cmd.DeviceId, ct);
        DeviceAccess.EnsureCanPrint(device, license);

        var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        Rules.Check(new MailingDateRule(cmd.MailingDate, today, options.MaxMailingDaysAhead));
        var amountDue = RateTable.BuiltInSample.AmountDue(cmd.Category, cmd.WeightOz);
        var postage = cmd.Postage ?? amountDue;
        Rules.Check(new PostageMustBePositiveRule(postage));
        Rules.Check(new PostageMustCoverAmountDueRule(postage, amountDue));
        var licensingZip = Zip5.Parse(license.PostOfficeZip).Value;

        var strategy = db.Database.CreateExecutionStrategy();
        return await strategy.ExecuteAsync(async () =>
        {
            db.ChangeTracker.Clear();
            // SQLite: BEGIN IMMEDIATE takes the write lock up front, so two printers never both read
            // the same DR. PostgreSQL: SELECT … FOR UPDATE locks only this device's row.
            await using var tx = await db.Database.BeginTransactionAsync(ct);
            var locked = await DeviceAccess.LockForUpdate(db, device.Id, ct);

            if (cmd.IdempotencyKey is { } key)
            {
                var previous = await db.Indicia.AsNoTracking()
                    .FirstOrDefaultAsync(i => i.DeviceId == locked.Id && i.IdempotencyKey == key, ct);
                if (previous is not null)
                {
                    if (previous.RequestHash != cmd.RequestHash)
                        throw new ApiException(409, "idempotency_key_reused", "this Idempotency-Key was used with a different request body", "Idempotency-Key");
                    return new Result(previous, locked, Replayed: true);
                }
            }

            DeviceAccess.EnsureCanPrint(locked, license);
            var before = new Registers(Mills.FromMills(locked.AscendingMills), Mills.FromMills(locked.DescendingMills), locked.PieceCount);
            var after = before.Print(postage);

            var data = new IndiciumData
            {
                CertificateSerial = (ulong)locked.CertificateSerial,
                Device = new DeviceNumber((ushort)locked.Vendor, (ushort)locked.Model, (uint)locked.Serial),
                AscendingRegister = after.Ascending,
                Postage = postage,
                MailingDate = cmd.MailingDate,
                LicensingZip = licensingZip,
                DescendingRegister = after.Descending,
                RateCategory = cmd.Category.Code,
                PieceCount = checked((uint)after.PieceCount),
                DestinationZip = cmd.DestinationZip,
            };
            var signed = IndiciumCodec.SignedBytes(data);
            var signature = keys.Sign(locked.KeyHandle, signed);
            var bytes = IndiciumCodec.Encode(data with { Signature = signature });

            locked.AscendingMills = after.Ascending.Value;
            locked.DescendingMills = after.Descending.Value;
            locked.PieceCount = after.PieceCount;
            locked.Version++;
            var row = new IndiciumRow
            {
                DeviceId = locked.Id,
                Id = Ids.New("ind"),
                PieceNumber = after.PieceCount,
                Data = bytes,
                PostageMills = postage.Value,
                AmountDueMills = amountDue.Value,
                AscendingAfterMills = after.Ascending.Value,
                DescendingAfterMills = after.Descending.Value,
                MailClass = cmd.Category.MailClass,
                RateCategory = cmd.Category.Name,
                WeightOz = cmd.WeightOz.ToString(CultureInfo.InvariantCulture),
                MailingDate = cmd.MailingDate,
                DestinationZip = cmd.DestinationZip?.ToString(),
                Sandbox = locked.Sandbox,
                IdempotencyKey = cmd.IdempotencyKey,
                RequestHash = cmd.RequestHash,
                CreatedAt = clock.GetUtcNow(),
            };
            db.Indicia.Add(row);
            await db.SaveChangesAsync(ct);
            await tx.CommitAsync(ct);
            return new Result(row, locked, Replayed: false);
        });
    }
}
