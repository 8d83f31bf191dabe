using Ibis.Domain.Licensing;
using Ibis.Server.Tests.Infrastructure;
using Ibis.Testing;
using Microsoft.EntityFrameworkCore;
using Xunit;

namespace Ibis.Server.Tests.Licensing;

/// <summary>The sandbox's licensee is licensed through the real workflow, and still prints at once.</summary>
public abstract class SandboxLicensingTests(Func<IbisApp> app)
{
    private IbisApp App => app();

    [SkippableFact]
    public async Task SandboxLicensee_HasACustomerRecord_AnApprovedApplication_ALicenseAndALease()
    {
        var licenseeId = await App.WithDb(db => db.Devices.Where(d => d.Id == App.Sandbox.DeviceId).Select(d => d.LicenseeId).SingleAsync());
        var license = await App.WithDb(db => db.Licenses.SingleAsync(l => l.LicenseeId == licenseeId));
        Assert.Equal(LicenseStatus.Valid, license.Status);
        Assert.NotNull(license.ApplicationId);
        Assert.Equal(LicenseApplicationStatus.Approved, await App.WithDb(db => db.LicenseApplications.Where(a => a.Id == license.ApplicationId).Select(a => a.Status).SingleAsync()));
        Assert.Equal(1, await App.WithDb(db => db.CustomerRecords.CountAsync(r => r.LicenseeId == licenseeId)));
        Assert.Equal(1, await App.WithDb(db => db.Leases.CountAsync(l => l.LicenseId == license.Id && l.Status == Domain.Licensing.LeaseStatus.Active)));
        Assert.Equal(license.Id, await App.WithDb(db => db.Devices.Where(d => d.Id == App.Sandbox.DeviceId).Select(d => d.LicenseId).SingleAsync()));
        Assert.Equal(2, await App.WithDb(db => db.Notices.CountAsync(n => n.SubjectId == license.Id && n.Kind == "license_issued")));
    }
}

[Collection("sqlite")]
public sealed class SqliteSandboxLicensingTests(SqliteAppFixture f) : SandboxLicensingTests(() => f.App), IClassFixture<SqliteAppFixture>;

[Collection("postgres")]
public sealed class PostgresSandboxLicensingTests(PostgresAppFixture f) : SandboxLicensingTests(() => f.App), IClassFixture<PostgresAppFixture>;
