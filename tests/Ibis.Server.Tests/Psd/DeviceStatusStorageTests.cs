using System.Net;
using Ibis.Domain;
using Ibis.Domain.Psd;
using Ibis.Server.Tests.Infrastructure;
using Ibis.Server.Tests.Licensing;
using Ibis.Testing;
using Microsoft.EntityFrameworkCore;
using Xunit;

namespace Ibis.Server.Tests.Psd;

/// <summary>
/// Issue 18: the device status is an enum in code and the same text in the database as when it was a
/// string constant ("in_service"), on both providers — so rows written before the change read back, SQL
/// written by hand still finds them, and a query comparing with a member runs in the database.
/// </summary>
public abstract class DeviceStatusStorageTests(Func<IbisApp> app)
{
    private IbisApp App => app();

    private Task<string> StoredText(string deviceId) => App.WithDb(db =>
        db.Database.SqlQuery<string>($"SELECT \"Status\" AS \"Value\" FROM devices WHERE \"Id\" = {deviceId}").SingleAsync());

    [SkippableFact]
    public async Task ACommissionedDevice_ReadsBackInService_AndItsColumnHoldsTheText()
    {
        var who = await App.NewLicensee("Status Text Co");

        Assert.Equal(DeviceStatus.InService, await App.WithDb(db => db.Devices.Where(d => d.Id == who.DeviceId).Select(d => d.Status).SingleAsync()));
        Assert.Equal("in_service", await StoredText(who.DeviceId));
        // The history keeps the same text: the commissioning entry went from inventory to in service.
        Assert.Contains("inventory>in_service", await App.WithDb(db => db.Database.SqlQuery<string>(
            $"SELECT \"FromStatus\" || '>' || \"ToStatus\" AS \"Value\" FROM device_events WHERE \"DeviceId\" = {who.DeviceId}").ToListAsync()));
    }

    [SkippableFact]
    public async Task EveryStatus_WrittenAsTheEnum_ReadsBackTheSame_AndIsStoredAsItsText()
    {
        var id = (string)(await App.Provider().PostJson("/v1/devices", new { }).Ok(HttpStatusCode.Created))["id"]!;
        Assert.Equal("inventory", await StoredText(id));
        try
        {
            foreach (var status in Enum.GetValues<DeviceStatus>())
            {
                await App.WithDb(async db =>
                {
                    var row = await db.Devices.SingleAsync(d => d.Id == id);
                    row.Status = status;
                    return await db.SaveChangesAsync();
                });
                Assert.Equal(status, await App.WithDb(db => db.Devices.AsNoTracking().Where(d => d.Id == id).Select(d => d.Status).SingleAsync()));
                Assert.Equal(EnumText<DeviceStatus>.ToText(status), await StoredText(id));
                // Compared in SQL with a member, and with a list of members.
                Assert.Equal(1, await App.WithDb(db => db.Devices.CountAsync(d => d.Id == id && d.Status == status)));
                DeviceStatus[] missing = [DeviceStatus.Lost, DeviceStatus.Stolen];
                Assert.Equal(missing.Contains(status), await App.WithDb(db => db.Devices.AnyAsync(d => d.Id == id && missing.Contains(d.Status))));
            }
        }
        finally
        {
            await App.Sql($"UPDATE devices SET \"Status\" = {DeviceStatus.Inventory.ToText()} WHERE \"Id\" = {id}");
        }
    }

    [SkippableFact]
    public async Task TheDeviceReportedWebhook_CarriesTheStatusText()
    {
        var who = await App.NewLicensee("Status Webhook Co");
        await App.ClientFor(who.ApiKey).PostJson($"/v1/devices/{who.DeviceId}/defect-report", new { details = "the display stays dark" }).Ok(HttpStatusCode.Created);

        var data = await App.WithDb(db => db.WebhookEvents.Where(e => e.RecipientId == who.LicenseeId && e.Type == Domain.Webhooks.WebhookEventTypes.DeviceReported)
            .Select(e => e.Data).SingleAsync());
        Assert.Contains("\"status\":\"defective\"", data, StringComparison.Ordinal);
    }

    [SkippableFact]
    public async Task AStatusWrittenAsTextBySql_IsReadAsTheMember()
    {
        var id = (string)(await App.Provider().PostJson("/v1/devices", new { }).Ok(HttpStatusCode.Created))["id"]!;
        try
        {
            await App.Sql($"UPDATE devices SET \"Status\" = 'defective' WHERE \"Id\" = {id}");
            Assert.Equal(DeviceStatus.Defective, await App.WithDb(db => db.Devices.AsNoTracking().Where(d => d.Id == id).Select(d => d.Status).SingleAsync()));
            Assert.Equal("defective", (string)(await App.Provider().Device(id))["status"]!);
        }
        finally
        {
            await App.Sql($"UPDATE devices SET \"Status\" = 'inventory' WHERE \"Id\" = {id}");
        }
    }
}

[Collection("sqlite")]
public sealed class SqliteDeviceStatusStorageTests(SqliteAppFixture f) : DeviceStatusStorageTests(() => f.App), IClassFixture<SqliteAppFixture>;

[Collection("postgres")]
public sealed class PostgresDeviceStatusStorageTests(PostgresAppFixture f) : DeviceStatusStorageTests(() => f.App), IClassFixture<PostgresAppFixture>;
