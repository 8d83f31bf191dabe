using System.Net;
using Ibis.Domain.Psd;
using Ibis.Server.Tests.Indicia;
using Ibis.Server.Tests.Infrastructure;
using Ibis.Server.Tests.Licensing;
using Ibis.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace Ibis.Server.Tests.Psd;

/// <summary>
/// Register integrity (DESIGN §4): a register changed behind Ibis's back — a direct SQL update or
/// an old row put back — is detected at the next operation; the device locks with
/// register_integrity_failure, nothing prints, and the provider has a case.
/// </summary>
public abstract class TamperingTests(Func<IbisApp> app)
{
    private IbisApp App => app();

    public static TheoryData<string> Edits => new() { "descending", "ascending", "pieces", "control_total", "cap", "watchdog" };

    [SkippableTheory]
    [MemberData(nameof(Edits))]
    public async Task DirectSqlEdit_IsDetected_AndLocksTheDevice(string edit)
    {
        var who = await App.NewLicensee();
        var client = App.ClientFor(who.ApiKey);
        Assert.Equal(HttpStatusCode.Created, (await client.Print(who.DeviceId)).StatusCode);
        var id = who.DeviceId;
        var changed = edit switch
        {
            "descending" => await App.Sql($"UPDATE devices SET \"DescendingMills\" = \"DescendingMills\" + 100000, \"ControlTotalMills\" = \"ControlTotalMills\" + 100000 WHERE \"Id\" = {id}"),
            "ascending" => await App.Sql($"UPDATE devices SET \"AscendingMills\" = 0, \"DescendingMills\" = \"ControlTotalMills\" WHERE \"Id\" = {id}"),
            "pieces" => await App.Sql($"UPDATE devices SET \"PieceCount\" = 0 WHERE \"Id\" = {id}"),
            "control_total" => await App.Sql($"UPDATE devices SET \"ControlTotalMills\" = \"ControlTotalMills\" + 1 WHERE \"Id\" = {id}"),
            "cap" => await App.Sql($"UPDATE devices SET \"CapMills\" = 5000000 WHERE \"Id\" = {id}"),
            _ => await App.Sql($"UPDATE devices SET \"Version\" = \"Version\" + 0, \"WatchdogDeadline\" = \"LastSeenAt\" WHERE \"Id\" = {id}"),
        };
        Assert.Equal(1, changed);

        await BadInputTests.AssertProblem(await client.Print(who.DeviceId), 409, "register_integrity_failure", null, edit);
        await AssertLockedWithCase(who.DeviceId);
        await BadInputTests.AssertProblem(await client.Print(who.DeviceId), 422, "device_locked", null, "after lock");
        var cases = await App.WithDb(db => db.Cases.CountAsync(c => c.DeviceId == who.DeviceId));
        Assert.Equal(1, cases); // one case, not one per refused request
    }

    [SkippableFact]
    public async Task ReplayingAnOldRegisterRow_IsDetected()
    {
        var who = await App.NewLicensee();
        var client = App.ClientFor(who.ApiKey);
        await client.Print(who.DeviceId);
        // Save the whole row — registers, version and MACs, all consistent with each other…
        var old = await App.WithDb(db => db.Devices.AsNoTracking().SingleAsync(d => d.Id == who.DeviceId));
        await client.Print(who.DeviceId, "5.000");
        // …and put it back, as a restored backup or a hand-made "refill" would.
        await App.Sql($"UPDATE devices SET \"AscendingMills\" = {old.AscendingMills}, \"DescendingMills\" = {old.DescendingMills}, \"PieceCount\" = {old.PieceCount}, \"Version\" = {old.Version}, \"RegisterMac\" = {old.RegisterMac}, \"PreviousMac\" = {old.PreviousMac}, \"LastSeenAt\" = {old.LastSeenAt} WHERE \"Id\" = {who.DeviceId}");
        await BadInputTests.AssertProblem(await client.Print(who.DeviceId), 409, "register_integrity_failure", null, "replayed row");
        await AssertLockedWithCase(who.DeviceId);
    }

    [SkippableFact]
    public async Task RollingBackTheRowTogetherWithItsNewestIndicia_IsDetected_ByTheCheckpoint()
    {
        // Issue 16 item 6: an old row put back AND the newer indicia deleted agree with every record left in
        // the database, so the seal's replay check passes; the checkpoint anchored outside the database does not.
        var who = await App.NewLicensee();
        var client = App.ClientFor(who.ApiKey);
        await client.Print(who.DeviceId);
        var old = await App.WithDb(db => db.Devices.AsNoTracking().SingleAsync(d => d.Id == who.DeviceId));
        Assert.Equal(System.Net.HttpStatusCode.Created, (await client.Print(who.DeviceId, "5.000")).StatusCode);
        await RollBack(old);

        await BadInputTests.AssertProblem(await client.Print(who.DeviceId), 409, "register_integrity_failure", null, "rolled back with its indicia");
        await AssertLockedWithCase(who.DeviceId);
    }

    [SkippableFact]
    public async Task RollingBackTheRowWhileIbisIsDown_IsFoundAtTheNextStart_BeforeAnyPrint()
    {
        var who = await App.NewLicensee();
        var client = App.ClientFor(who.ApiKey);
        await client.Print(who.DeviceId);
        var old = await App.WithDb(db => db.Devices.AsNoTracking().SingleAsync(d => d.Id == who.DeviceId));
        await client.Print(who.DeviceId, "5.000");
        await App.Services.GetRequiredService<Ibis.Server.Psd.RegisterCheckpoints>().Flush(CancellationToken.None);
        var logs = Directory.GetFiles(Path.Combine(App.KeyDirectory, "register-checkpoints"), "*.log");
        Assert.NotEmpty(logs);
        Assert.False(File.Exists(Path.Combine(App.DataDirectory, "register-checkpoints")));
        await RollBack(old);

        // A node starting on the same database and key directory reads the logs back and locks the device at once.
        using var next = new IbisApp(App);
        _ = next.Server;
        var device = await next.WithDb(db => db.Devices.AsNoTracking().SingleAsync(d => d.Id == who.DeviceId));
        Assert.Equal(DeviceStatus.Locked, device.Status);
        Assert.Equal("register_integrity_failure", device.LockReason);
    }

    [SkippableFact]
    public async Task AForgedCheckpointLine_IsIgnored_AndLocksNothing()
    {
        var who = await App.NewLicensee();
        await App.ClientFor(who.ApiKey).Print(who.DeviceId);
        var directory = Path.Combine(App.KeyDirectory, "register-checkpoints");
        Directory.CreateDirectory(directory);
        // Someone who can write files but holds no register-MAC key claims a far newer version.
        await File.WriteAllTextAsync(Path.Combine(directory, "forged.log"), $"v1 {who.DeviceId} 999 999999 999 0 {Convert.ToBase64String(new byte[32])}\n");
        try
        {
            using var next = new IbisApp(App);
            _ = next.Server;
            var device = await next.WithDb(db => db.Devices.AsNoTracking().SingleAsync(d => d.Id == who.DeviceId));
            Assert.NotEqual(DeviceStatus.Locked, device.Status);
        }
        finally
        {
            File.Delete(Path.Combine(directory, "forged.log"));
        }
    }

    /// <summary>Puts the saved row back exactly as Ibis wrote it (through EF, so every value has its stored form) and deletes the newer indicia.</summary>
    private async Task RollBack(Ibis.Data.Entities.DeviceRow old)
    {
        await App.Sql($"DELETE FROM indicia WHERE \"DeviceId\" = {old.Id} AND \"PieceNumber\" > {old.PieceCount}");
        await App.WithDb(async db =>
        {
            var current = await db.Devices.SingleAsync(d => d.Id == old.Id);
            db.Entry(current).CurrentValues.SetValues(old);
            return await db.SaveChangesAsync();
        });
    }

    /// <summary>
    /// §502.20(e), 502.27(b): a device locked because its registers fail their seal is still checked out.
    /// Form 3601-C records that the registers could not be validated; nothing is credited (the rule
    /// registers_not_validated: no credit until an examination validates an amount); the certificate is
    /// revoked and the key destroyed; the broken seal stays as evidence.
    /// </summary>
    [SkippableTheory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task ATamperedDevice_IsCheckedOut_WithItsRegistersNotValidated_AndNothingCredited(bool lockedFirst)
    {
        var who = await App.NewLicensee();
        var client = App.ClientFor(who.ApiKey);
        await client.Print(who.DeviceId);
        var balanceBefore = await App.WithDb(db => db.DepositAccounts.Where(a => a.LicenseeId == who.LicenseeId).Select(a => a.BalanceMills).SingleAsync());
        Assert.Equal(1, await App.Sql($"UPDATE devices SET \"DescendingMills\" = \"DescendingMills\" + 100000, \"ControlTotalMills\" = \"ControlTotalMills\" + 100000 WHERE \"Id\" = {who.DeviceId}"));
        var tampered = await App.WithDb(db => db.Devices.AsNoTracking().SingleAsync(d => d.Id == who.DeviceId));
        if (lockedFirst)
        {
            await BadInputTests.AssertProblem(await client.Print(who.DeviceId), 409, "register_integrity_failure", null, "print");
            await AssertLockedWithCase(who.DeviceId);
        }

        // Without the lock first, the check-out finds the tampering itself: it locks, opens the case, and checks out.
        var report = await App.Provider().PostJson($"/v1/devices/{who.DeviceId}/check-out", new { reason = "registers tampered; device seized" }).Ok(HttpStatusCode.Created);
        Assert.False((bool)report["registers_validated"]!);
        Assert.Contains("MAC", (string)report["registers_not_validated_reason"]!);
        Assert.Equal(("199.260", "199.260", "0.000"), (report.Amount("descending_register"), report.Amount("refund_due"), report.Amount("validated_refund")));
        Assert.Null((string?)report["ledger_transaction_id"]);
        Assert.Equal(balanceBefore, await App.WithDb(db => db.DepositAccounts.Where(a => a.LicenseeId == who.LicenseeId).Select(a => a.BalanceMills).SingleAsync()));
        Assert.Equal(0, await App.WithDb(db => db.Ledger.CountAsync(l => l.Book == "psd:" + who.DeviceId && l.AmountMills < 0)));

        var device = await App.Provider().Device(who.DeviceId);
        Assert.Equal("withdrawn", (string)device["status"]!);
        var after = await App.WithDb(db => db.Devices.AsNoTracking().SingleAsync(d => d.Id == who.DeviceId));
        Assert.Equal(tampered.RegisterMac, after.RegisterMac); // never sealed again: the broken seal is the evidence
        Assert.Equal(tampered.Version, after.Version);
        Assert.Empty(after.KeyHandle);
        Assert.True(await App.WithDb(db => db.Certificates.Where(c => c.DeviceId == who.DeviceId).AllAsync(c => c.Revoked)));
        Assert.Equal(1, await App.WithDb(db => db.Cases.CountAsync(c => c.DeviceId == who.DeviceId && c.Kind == "register_integrity_failure")));
        await App.Provider().PostJson($"/v1/devices/{who.DeviceId}/check-out", new { }).Problem(409, "device_withdrawn");

        // Form 3601-C says so.
        var pdf = await App.Provider().GetAsync((string)report["pdf"]!);
        using var document = UglyToad.PdfPig.PdfDocument.Open(await pdf.Content.ReadAsByteArrayAsync());
        var text = string.Join(" ", document.GetPages().Select(p => string.Join(" ", p.GetWords().Select(w => w.Text))));
        Assert.Contains("could not be validated", text);
        Assert.Contains("withheld until an examination validates an amount", text);
    }

    private async Task AssertLockedWithCase(string deviceId)
    {
        var device = await App.Provider().Device(deviceId);
        Assert.Equal("locked", (string)device["status"]!);
        Assert.Equal("register_integrity_failure", (string)device["lock_reason"]!);
        var cases = await (await App.Provider().GetAsync("/v1/cases")).Body();
        Assert.Contains(cases["data"]!.AsArray(), c => (string)c!["device_id"]! == deviceId && (string)c["kind"]! == "register_integrity_failure");
    }
}

[Collection("sqlite")]
public sealed class SqliteTamperingTests(SqliteAppFixture f) : TamperingTests(() => f.App), IClassFixture<SqliteAppFixture>;

[Collection("postgres")]
public sealed class PostgresTamperingTests(PostgresAppFixture f) : TamperingTests(() => f.App), IClassFixture<PostgresAppFixture>;
