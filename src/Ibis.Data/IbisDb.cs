using Ibis.Data.Entities;
using Ibis.Domain;
using Ibis.Domain.Funds;
using Ibis.Domain.Licensing;
using Microsoft.EntityFrameworkCore;

namespace Ibis.Data;

/// <summary>
/// The one database of Ibis. Two concrete contexts (SQLite, PostgreSQL) share this model, each
/// with its own migrations, because the providers' migrations differ (types, identity, locking).
/// </summary>
public abstract partial class IbisDb(DbContextOptions options) : DbContext(options)
{
    public DbSet<CertificateAuthorityRow> CertificateAuthorities => Set<CertificateAuthorityRow>();
    public DbSet<ProviderRow> Providers => Set<ProviderRow>();
    public DbSet<LicenseeRow> Licensees => Set<LicenseeRow>();
    public DbSet<LicenseRow> Licenses => Set<LicenseRow>();
    public DbSet<DepositAccountRow> DepositAccounts => Set<DepositAccountRow>();
    public DbSet<DeviceRow> Devices => Set<DeviceRow>();
    public DbSet<CertificateRow> Certificates => Set<CertificateRow>();
    public DbSet<ResetRow> Resets => Set<ResetRow>();
    public DbSet<IndiciumRow> Indicia => Set<IndiciumRow>();
    public DbSet<UserRow> Users => Set<UserRow>();
    public DbSet<SignInFailureRow> SignInFailures => Set<SignInFailureRow>();
    public DbSet<DataProtectionKeyRow> DataProtectionKeys => Set<DataProtectionKeyRow>();
    public DbSet<ApiKeyRow> ApiKeys => Set<ApiKeyRow>();
    public DbSet<AuditRow> Audits => Set<AuditRow>();
    public DbSet<AuditChallengeRow> AuditChallenges => Set<AuditChallengeRow>();
    public DbSet<CaseRow> Cases => Set<CaseRow>();
    public DbSet<ActivityReportRow> ActivityReports => Set<ActivityReportRow>();
    public DbSet<IdempotencyRow> IdempotencyKeys => Set<IdempotencyRow>();
    public DbSet<LedgerEntryRow> Ledger => Set<LedgerEntryRow>();
    public DbSet<DepositRow> Deposits => Set<DepositRow>();
    public DbSet<RefundRow> Refunds => Set<RefundRow>();
    public DbSet<TransmissionRow> Transmissions => Set<TransmissionRow>();

    public abstract bool IsPostgres { get; }

    /// <summary>
    /// While set, a bulk insert (<see cref="BulkInsert.Rows{T}"/>, <see cref="BulkInsert.One{T}"/>) is kept here instead of
    /// written: the context is preparing an operation before its transaction (a SQLite print prepared before its turn at
    /// the write gate, issue 17), and <see cref="BulkInsert.Flush"/> writes the rows inside it. Whoever sets it clears it.
    /// </summary>
    public BulkInsert.Deferred? DeferredInserts { get; set; }

    protected override void OnModelCreating(ModelBuilder b)
    {
        b.Entity<CertificateAuthorityRow>(e => { e.ToTable("certificate_authorities"); e.HasKey(x => x.Id); });
        b.Entity<ProviderRow>(e => { e.ToTable("providers"); e.HasKey(x => x.Id); });
        b.Entity<LicenseeRow>(e => { e.ToTable("licensees"); e.HasKey(x => x.Id); });
        b.Entity<LicenseRow>(e =>
        {
            e.ToTable("licenses");
            e.HasKey(x => x.Id);
            e.HasIndex(x => x.LicenseeId);
            // P050 2.1: one valid license per licensee and licensing post office, also under concurrent decisions.
            e.HasIndex(x => new { x.LicenseeId, x.PostOfficeZip }, "ux_licenses_one_valid_per_post_office").IsUnique().HasFilter($"\"Status\" = '{LicenseStatus.Valid.ToText()}'");
        });
        b.Entity<DepositAccountRow>(e =>
        {
            e.ToTable("deposit_accounts");
            e.HasKey(x => x.Id);
            e.HasIndex(x => x.LicenseeId);
            // One open (or closing) account per licensee, also when two requests open one at once.
            e.HasIndex(x => x.LicenseeId, "ux_deposit_accounts_one_open").IsUnique().HasFilter($"\"Status\" <> '{AccountStatus.Closed.ToText()}'");
        });
        b.Entity<DeviceRow>(e =>
        {
            e.ToTable("devices");
            e.HasKey(x => x.Id);
            e.HasIndex(x => x.LicenseeId);
            e.HasIndex(x => x.ProviderId);
            e.HasIndex(x => new { x.Vendor, x.Model, x.Serial }).IsUnique();
            // USPS-B-3200: IMb serials unique per mailer ID, so one slot per device and mailer ID (NULLs do not collide).
            e.HasIndex(x => new { x.ImbMailerId, x.ImbSlot }).IsUnique();
            e.Property(x => x.ImbMailerId).HasMaxLength(9);
            e.Property(x => x.Version).IsConcurrencyToken();
        });
        b.Entity<CertificateRow>(e =>
        {
            e.ToTable("certificates");
            e.HasKey(x => x.Serial);
            e.Property(x => x.Serial).ValueGeneratedNever();
            e.HasIndex(x => x.DeviceId);
        });
        b.Entity<ResetRow>(e =>
        {
            e.ToTable("resets");
            e.HasKey(x => new { x.DeviceId, x.Id });
            e.HasIndex(x => x.Id).IsUnique();
            e.HasIndex(x => new { x.DeviceId, x.Sequence }).IsUnique();
        });
        b.Entity<IndiciumRow>(e =>
        {
            e.ToTable("indicia");
            e.HasKey(x => new { x.DeviceId, x.Id });
            e.HasIndex(x => x.Id).IsUnique();
            e.HasIndex(x => new { x.DeviceId, x.PieceNumber }).IsUnique();
        });
        b.Entity<AuditRow>(e =>
        {
            e.ToTable("audits");
            e.HasKey(x => new { x.DeviceId, x.Id });
            e.HasIndex(x => x.Id).IsUnique();
        });
        b.Entity<AuditChallengeRow>(e =>
        {
            e.ToTable("audit_challenges");
            e.HasKey(x => new { x.DeviceId, x.Nonce });
        });
        b.Entity<CaseRow>(e =>
        {
            e.ToTable("cases");
            e.HasKey(x => x.Id);
            e.HasIndex(x => x.ProviderId);
            e.HasIndex(x => x.DeviceId);
        });
        b.Entity<ActivityReportRow>(e =>
        {
            e.ToTable("activity_reports");
            e.HasKey(x => x.Id);
            e.HasIndex(x => x.DeviceId);
        });
        b.Entity<LedgerEntryRow>(e =>
        {
            e.ToTable("ledger_entries");
            e.HasKey(x => new { x.AccountId, x.Sequence });
            e.Property(x => x.Sequence).ValueGeneratedNever();
            e.HasIndex(x => x.Id).IsUnique();
            e.HasIndex(x => x.TransactionId);
            e.HasIndex(x => new { x.Cause, x.CauseId });
        });
        b.Entity<DepositRow>(e =>
        {
            e.ToTable("deposits");
            e.HasKey(x => new { x.AccountId, x.Id });
            e.HasIndex(x => x.Id).IsUnique();
        });
        b.Entity<RefundRow>(e =>
        {
            e.ToTable("refunds");
            e.HasKey(x => x.Id);
            e.HasIndex(x => x.AccountId);
        });
        b.Entity<TransmissionRow>(e =>
        {
            e.ToTable("transmissions");
            e.HasKey(x => x.Id);
            e.HasIndex(x => new { x.Kind, x.Subject, x.ProviderId, x.Version }).IsUnique();
        });
        b.Entity<IdempotencyRow>(e =>
        {
            e.ToTable("idempotency_keys");
            e.HasKey(x => new { x.Scope, x.Key });
            e.HasIndex(x => x.CreatedAt);
        });
        b.Entity<UserRow>(e =>
        {
            e.ToTable("users");
            e.HasKey(x => x.Id);
            e.HasIndex(x => x.Email).IsUnique();
        });
        b.Entity<DataProtectionKeyRow>(e =>
        {
            e.ToTable("data_protection_keys");
            e.HasKey(x => x.Id);
        });
        b.Entity<SignInFailureRow>(e =>
        {
            e.ToTable("sign_in_failures");
            e.HasKey(x => new { x.UserId, x.Address });
        });
        b.Entity<ApiKeyRow>(e =>
        {
            e.ToTable("api_keys");
            e.HasKey(x => x.Id);
            e.HasIndex(x => x.Hash).IsUnique();
            e.HasIndex(x => x.LicenseeId);
            e.HasIndex(x => x.ProviderId);
        });

        // Each module configures its own tables in its own partial file (IbisDb.<Module>.cs), so
        // that modules grow without editing one long method.
        ConfigureRates(b);
        ConfigureLicensing(b);
        ConfigureOrganisations(b);
        ConfigureDeviceLife(b);
        ConfigureRefunds(b);
        ConfigureOversight(b);
        ConfigureCompliance(b);
        ConfigureReporting(b);
        ConfigureAddressBook(b);
        ConfigureWebhooks(b);
    }

    partial void ConfigureWebhooks(ModelBuilder b);

    partial void ConfigureRefunds(ModelBuilder b);

    partial void ConfigureOversight(ModelBuilder b);

    partial void ConfigureReporting(ModelBuilder b);

    partial void ConfigureOrganisations(ModelBuilder b);

    partial void ConfigureDeviceLife(ModelBuilder b);
    partial void ConfigureCompliance(ModelBuilder b);

    partial void ConfigureAddressBook(ModelBuilder b);

    partial void ConfigureRates(ModelBuilder b);

    partial void ConfigureLicensing(ModelBuilder b);

    /// <summary>Status enums are text columns (<see cref="EnumTextConversions"/>) on both providers.</summary>
    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder) =>
        EnumTextConversions.Apply(configurationBuilder);
}

public sealed class SqliteIbisDb(DbContextOptions<SqliteIbisDb> options) : IbisDb(options)
{
    public override bool IsPostgres => false;

    /// <summary>
    /// SQLite has no timestamp type: store instants as a sortable 64-bit number (UTC ticks and
    /// offset) so that range queries and ORDER BY work in SQL, as they do on PostgreSQL.
    /// </summary>
    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        base.ConfigureConventions(configurationBuilder);
        configurationBuilder.Properties<DateTimeOffset>().HaveConversion<Microsoft.EntityFrameworkCore.Storage.ValueConversion.DateTimeOffsetToBinaryConverter>();
    }
}

public sealed class PostgresIbisDb(DbContextOptions<PostgresIbisDb> options) : IbisDb(options)
{
    public override bool IsPostgres => true;
}
