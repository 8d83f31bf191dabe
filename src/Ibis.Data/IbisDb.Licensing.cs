using Ibis.Data.Entities;
using Microsoft.EntityFrameworkCore;

namespace Ibis.Data;

// Licensing (P050 2.0–2.5, §502.20) and the customer records of notice 820.100.
public abstract partial class IbisDb
{
    public DbSet<LicenseApplicationRow> LicenseApplications => Set<LicenseApplicationRow>();
    public DbSet<NoticeRow> Notices => Set<NoticeRow>();
    public DbSet<ProviderTaskRow> ProviderTasks => Set<ProviderTaskRow>();
    public DbSet<AppealRow> Appeals => Set<AppealRow>();
    public DbSet<LeaseRow> Leases => Set<LeaseRow>();
    public DbSet<CustomerRecordRow> CustomerRecords => Set<CustomerRecordRow>();
    public DbSet<CustomerKeyRow> CustomerKeys => Set<CustomerKeyRow>();
    public DbSet<CustomerRecordVersionRow> CustomerRecordVersions => Set<CustomerRecordVersionRow>();
    public DbSet<AchRecordRow> AchRecords => Set<AchRecordRow>();
    public DbSet<LogonRecordRow> LogonRecords => Set<LogonRecordRow>();
    public DbSet<SecurityAccessRow> SecurityAccess => Set<SecurityAccessRow>();
    public DbSet<RecordAccessRow> RecordAccessLog => Set<RecordAccessRow>();
    public DbSet<DisposalRow> Disposals => Set<DisposalRow>();
    public DbSet<PrivacyRequestRow> PrivacyRequests => Set<PrivacyRequestRow>();
    public DbSet<RetentionRunRow> RetentionRuns => Set<RetentionRunRow>();
    public DbSet<DisclosureRow> Disclosures => Set<DisclosureRow>();

    partial void ConfigureLicensing(ModelBuilder b)
    {
        b.Entity<LicenseApplicationRow>(e =>
        {
            e.ToTable("license_applications");
            e.HasKey(x => x.Id);
            e.HasIndex(x => new { x.LicenseeId, x.PostOfficeZip });
            e.HasIndex(x => x.ProviderId);
        });
        b.Entity<NoticeRow>(e =>
        {
            e.ToTable("notices");
            e.HasKey(x => x.Id);
            e.HasIndex(x => x.LicenseeId);
            e.HasIndex(x => x.SubjectId);
        });
        b.Entity<ProviderTaskRow>(e =>
        {
            e.ToTable("provider_tasks");
            e.HasKey(x => x.Id);
            e.HasIndex(x => new { x.ProviderId, x.Status });
            e.HasIndex(x => x.LicenseId);
        });
        b.Entity<AppealRow>(e =>
        {
            e.ToTable("appeals");
            e.HasKey(x => x.Id);
            e.HasIndex(x => x.DecisionId);
            e.HasIndex(x => x.LicenseeId);
        });
        b.Entity<LeaseRow>(e =>
        {
            e.ToTable("leases");
            e.HasKey(x => x.Id);
            e.HasIndex(x => x.LicenseeId);
            e.HasIndex(x => x.LicenseId);
        });
        b.Entity<CustomerRecordRow>(e =>
        {
            e.ToTable("customer_records");
            e.HasKey(x => x.Id);
            e.HasIndex(x => x.LicenseeId).IsUnique();
            e.HasIndex(x => x.CustomerNumber).IsUnique();
            e.HasIndex(x => x.CustomerName);
            e.HasIndex(x => x.LogonId);
            e.Property(x => x.Version).IsConcurrencyToken();
        });
        b.Entity<CustomerKeyRow>(e => { e.ToTable("customer_keys"); e.HasKey(x => x.RecordId); });
        b.Entity<CustomerRecordVersionRow>(e =>
        {
            e.ToTable("customer_record_versions");
            e.HasKey(x => x.Id);
            e.HasIndex(x => new { x.RecordId, x.Version }).IsUnique();
        });
        b.Entity<AchRecordRow>(e => { e.ToTable("ach_records"); e.HasKey(x => x.Id); e.HasIndex(x => x.RecordId); e.HasIndex(x => x.CreatedAt); });
        b.Entity<LogonRecordRow>(e => { e.ToTable("logon_records"); e.HasKey(x => x.Id); e.HasIndex(x => x.RecordId); e.HasIndex(x => x.At); });
        b.Entity<SecurityAccessRow>(e => { e.ToTable("security_access"); e.HasKey(x => x.Id); e.HasIndex(x => x.RecordId); e.HasIndex(x => x.CancelledAt); });
        b.Entity<RecordAccessRow>(e => { e.ToTable("record_access_log"); e.HasKey(x => x.Id); e.HasIndex(x => new { x.RecordId, x.At }); });
        b.Entity<DisposalRow>(e => { e.ToTable("disposals"); e.HasKey(x => x.Id); e.HasIndex(x => x.CustomerRecordId); });
        b.Entity<PrivacyRequestRow>(e => { e.ToTable("privacy_requests"); e.HasKey(x => x.Id); e.HasIndex(x => x.RequesterLicenseeId); });
        b.Entity<RetentionRunRow>(e => { e.ToTable("retention_runs"); e.HasKey(x => x.Id); e.HasIndex(x => x.RanAt); });
        b.Entity<DisclosureRow>(e => { e.ToTable("disclosures"); e.HasKey(x => x.Id); e.HasIndex(x => new { x.LicenseeId, x.DisclosedAt }); e.HasIndex(x => x.RecordId); });
    }
}
