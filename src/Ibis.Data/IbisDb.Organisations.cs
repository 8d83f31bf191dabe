using Ibis.Data.Entities;
using Microsoft.EntityFrameworkCore;

namespace Ibis.Data;

// Live operation: the installation, providers' authorizations, invitations, device history and
// certificate requests to an external Postal Service CA.
public abstract partial class IbisDb
{
    public DbSet<InstallationRow> Installation => Set<InstallationRow>();
    public DbSet<ProviderEventRow> ProviderEvents => Set<ProviderEventRow>();
    public DbSet<InvitationRow> Invitations => Set<InvitationRow>();
    public DbSet<DeviceEventRow> DeviceEvents => Set<DeviceEventRow>();
    public DbSet<CertificateRequestRow> CertificateRequests => Set<CertificateRequestRow>();
    public DbSet<SecondFactorRow> SecondFactors => Set<SecondFactorRow>();
    public DbSet<RecoveryCodeRow> RecoveryCodes => Set<RecoveryCodeRow>();

    partial void ConfigureOrganisations(ModelBuilder b)
    {
        b.Entity<SecondFactorRow>(e => { e.ToTable("second_factors"); e.HasKey(x => x.UserId); e.Property(x => x.LastStep).IsConcurrencyToken(); });
        b.Entity<RecoveryCodeRow>(e => { e.ToTable("recovery_codes"); e.HasKey(x => x.Id); e.HasIndex(x => x.UserId); e.HasIndex(x => x.CodeHash).IsUnique(); });
        // One row, id "installation": a second `ibis admin init` collides on the key even when two run at once.
        b.Entity<InstallationRow>(e => { e.ToTable("installation"); e.HasKey(x => x.Id); });
        b.Entity<ProviderEventRow>(e =>
        {
            e.ToTable("provider_events");
            e.HasKey(x => x.Id);
            e.HasIndex(x => x.ProviderId);
        });
        b.Entity<InvitationRow>(e =>
        {
            e.ToTable("invitations");
            e.HasKey(x => x.Id);
            e.HasIndex(x => x.CodeHash).IsUnique();
        });
        b.Entity<DeviceEventRow>(e =>
        {
            e.ToTable("device_events");
            e.HasKey(x => new { x.DeviceId, x.Id });
        });
        b.Entity<CertificateRequestRow>(e =>
        {
            e.ToTable("certificate_requests");
            e.HasKey(x => x.Id);
            e.HasIndex(x => x.DeviceId);
        });
    }
}
