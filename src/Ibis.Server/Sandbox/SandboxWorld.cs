using System.Security.Cryptography;
using System.Text.Json;
using Ibis.Data;
using Ibis.Data.Entities;
using Ibis.Domain;
using Ibis.Domain.Devices;
using Ibis.Domain.Money;
using Ibis.Domain.Psd;
using Ibis.Security.Certificates;
using Ibis.Security.Keys;
using Ibis.Server.Api;
using Ibis.Server.Auth;
using Ibis.Server.Psd;
using Ibis.Server.Hosting;
using Microsoft.EntityFrameworkCore;

namespace Ibis.Server.Sandbox;

public sealed record SandboxLogin(string Role, string Email, string Password);

public sealed record SandboxCredentials(string ApiKey, string DeviceId, string LicenseeId, IReadOnlyList<SandboxLogin> Logins)
{
    /// <summary>A test API key acting for the provider (audits, resets, withdrawal).</summary>
    public string? ProviderApiKey { get; init; }

    /// <summary>A test API key acting for the Postal Service (caps, licensing decisions).</summary>
    public string? PostalApiKey { get; init; }

    /// <summary>Test API keys for the postal duties of licensing and customer records (licensing_official, appeals_manager, privacy_officer).</summary>
    public IReadOnlyDictionary<string, string> DutyApiKeys { get; init; } = new Dictionary<string, string>();
}

/// <summary>
/// The world a newcomer gets on first start: the Postal Service's sandbox certificate authority,
/// a provider, one licensed licensee with a funded deposit account, one leased PSD reset to
/// $100.000 with a certified key, one portal login per role and one test API key.
/// </summary>
public sealed class SandboxWorld(IbisDb db, IKeyStore keys, RegisterSeal seal, ResetDevice resets, Funds.FundsOperations funds, IServiceProvider services, TimeProvider clock)
{
    public static readonly Mills InitialDeposit = Mills.FromMills(1_000_000);
    public static readonly Mills InitialReset = Mills.FromMills(100_000);

    public async Task<bool> IsEmpty(CancellationToken ct) => !await db.CertificateAuthorities.AnyAsync(ct);

    /// <summary>
    /// Creates the whole world in one transaction, so a crash leaves either nothing or everything.
    /// <paramref name="beforeCommit"/> runs last inside it (the credentials are saved before the
    /// world they open becomes visible).
    /// </summary>
    public async Task<SandboxCredentials> Create(Func<SandboxCredentials, Task> beforeCommit, CancellationToken ct)
    {
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var creds = await CreateWorld(ct);
        await beforeCommit(creds);
        await tx.CommitAsync(ct);
        return creds;
    }

    private async Task<SandboxCredentials> CreateWorld(CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var ca = CertificateAuthority.CreateAuthority(keys, "Ibis SANDBOX Postal Service Certificate Authority", sandbox: true, now);
        var caRow = new CertificateAuthorityRow { Id = Ids.New("ca"), Name = "USPS SANDBOX CA", Sandbox = true, CertificateDer = ca.CertificateDer, KeyHandle = ca.KeyHandle, CreatedAt = now };
        var provider = new ProviderRow { Id = Ids.New("prv"), Name = "Ibis Sandbox Provider", Sandbox = true, AuthorizedOn = DateOnly.FromDateTime(now.UtcDateTime), CreatedAt = now };
        db.CertificateAuthorities.Add(caRow);
        db.Providers.Add(provider);
        var logins = new List<SandboxLogin>();
        foreach (var role in Caller.Roles.Where(r => r != Caller.LicenseeRole))
            logins.Add(AddUser(role, $"{role}@sandbox.ibis.test", null, role == Caller.ProviderRole ? provider.Id : null, now));
        var providerKey = ApiKeys.NewKey(test: true);
        db.ApiKeys.Add(new ApiKeyRow { Id = Ids.New("key"), Prefix = providerKey[..14], Hash = ApiKeys.Hash(providerKey), Mode = "test", Role = Caller.ProviderRole, ProviderId = provider.Id, CreatedAt = now });
        var postalKey = ApiKeys.NewKey(test: true);
        db.ApiKeys.Add(new ApiKeyRow { Id = Ids.New("key"), Prefix = postalKey[..14], Hash = ApiKeys.Hash(postalKey), Mode = "test", Role = Caller.PostalRole, CreatedAt = now });
        var dutyKeys = new Dictionary<string, string>();
        foreach (var duty in new[] { Caller.LicensingOfficialRole, Caller.AppealsManagerRole, Caller.PrivacyOfficerRole })
        {
            var key = dutyKeys[duty] = ApiKeys.NewKey(test: true);
            db.ApiKeys.Add(new ApiKeyRow { Id = Ids.New("key"), Prefix = key[..14], Hash = ApiKeys.Hash(key), Mode = "test", Role = duty, CreatedAt = now });
        }
        await db.SaveChangesAsync(ct);
        var licensee = await CreateLicensee("Sandbox Mailer LLC", "licensee@sandbox.ibis.test", caRow, provider, ct, throughLicensing: true);
        return licensee with { Logins = [.. licensee.Logins, .. logins], ProviderApiKey = providerKey, PostalApiKey = postalKey, DutyApiKeys = dutyKeys };
    }

    /// <summary>A licensed, funded licensee with one reset device, a login and a test API key.</summary>
    /// <param name="throughLicensing">
    /// The sandbox world's own licensee is licensed the way a newcomer would be (P050 2.1): a customer
    /// record, a 3601-A applied for, transmitted by the provider and approved by the licensing official,
    /// and a signed lease (P050 2.5i). Licensees added by tests get their license directly.
    /// </param>
    public async Task<SandboxCredentials> CreateLicensee(string name, string email, CertificateAuthorityRow? ca = null, ProviderRow? provider = null, CancellationToken ct = default, bool throughLicensing = false)
    {
        if (db.Database.CurrentTransaction is null)
        {
            await using var tx = await db.Database.BeginTransactionAsync(ct);
            var created = await CreateLicensee(name, email, ca, provider, ct, throughLicensing);
            await tx.CommitAsync(ct);
            return created;
        }
        var now = clock.GetUtcNow();
        ca ??= await db.CertificateAuthorities.FirstAsync(a => a.Sandbox, ct);
        provider ??= await db.Providers.OrderBy(p => p.Id).FirstAsync(ct);
        var licensee = new LicenseeRow { Id = Ids.New("cus"), Name = name, ProviderId = provider.Id, Sandbox = true, CreatedAt = now };
        var license = new LicenseRow
        {
            Id = Ids.New("lic"), LicenseeId = licensee.Id, PostOfficeCity = "WASHINGTON", PostOfficeState = "DC",
            PostOfficeZip = "20066", Status = "valid", IssuedAt = now,
        };
        // §502.25(c): the account opens with the lease, the Acknowledgement of Deposit Requirement signed.
        var account = new DepositAccountRow { Id = Ids.New("acct"), LicenseeId = licensee.Id, DepositRequirementAcknowledgedAt = now, CreatedAt = now };

        db.Licensees.Add(licensee);
        db.DepositAccounts.Add(account);
        if (throughLicensing)
        {
            await db.SaveChangesAsync(ct);
            license = await Licensing.SandboxLicensing.License(services, licensee, provider, account.Id, email, ct);
        }
        else
        {
            db.Licenses.Add(license);
            db.Leases.Add(new LeaseRow
            {
                Id = Ids.New("lse"), LicenseeId = licensee.Id, ProviderId = provider.Id, LicenseId = license.Id, SignedBy = name,
                SignedOn = DateOnly.FromDateTime(now.UtcDateTime), ResettingAccountId = account.Id, Status = "active", CreatedAt = now,
            });
            await db.SaveChangesAsync(ct);
        }
        var deviceId = await AddDevice(licensee, license, provider, ca, now, ct);
        var login = AddUser(Caller.LicenseeRole, email, licensee.Id, null, now);
        var apiKey = ApiKeys.NewKey(test: true);
        db.ApiKeys.Add(new ApiKeyRow { Id = Ids.New("key"), Prefix = apiKey[..14], Hash = ApiKeys.Hash(apiKey), Mode = "test", LicenseeId = licensee.Id, CreatedAt = now });
        await db.SaveChangesAsync(ct);
        var providerCaller = new Caller("sandbox", Caller.ProviderRole, null, provider.Id, TestMode: true);
        // Funded through the real path: a deposit by check, cleared by the sandbox processor, on the ledger.
        await funds.Deposit(providerCaller, account.Id, new Funds.DepositRequest(new MoneyInput(InitialDeposit.ToString(), "USD"), "check", null, null, null, null, "1001"), IdempotentRequest.None, ct);
        // The first reset (P050 3.5) goes through the real path too: audit, deposit account → DR, signed record.
        await resets.Handle(providerCaller, deviceId, InitialReset, IdempotentRequest.None, ct);
        return new SandboxCredentials(apiKey, deviceId, licensee.Id, [login]);
    }

    /// <summary>Leases one more PSD (DR $0) to an existing licensee, with its own key, MAC key and certificate.</summary>
    public async Task<string> AddDevice(string licenseeId, CancellationToken ct)
    {
        var licensee = await db.Licensees.FirstAsync(l => l.Id == licenseeId, ct);
        var license = await db.Licenses.FirstAsync(l => l.LicenseeId == licenseeId, ct);
        var provider = await db.Providers.FirstAsync(p => p.Id == licensee.ProviderId, ct);
        var ca = await db.CertificateAuthorities.FirstAsync(a => a.Sandbox, ct);
        var id = await AddDevice(licensee, license, provider, ca, clock.GetUtcNow(), ct);
        await db.SaveChangesAsync(ct);
        return id;
    }

    private async Task<string> AddDevice(LicenseeRow licensee, LicenseRow license, ProviderRow provider, CertificateAuthorityRow ca, DateTimeOffset now, CancellationToken ct)
    {
        var leaseId = await db.Leases.Where(l => l.LicenseId == license.Id && l.Status == "active").Select(l => l.Id).FirstAsync(ct);
        var deviceId = Ids.New("psd");
        var number = new DeviceNumber(DeviceNumber.IbisVendor, 1, (uint)RandomNumberGenerator.GetInt32(1, 99_999_999));
        var key = keys.GenerateSigningKey(deviceId);
        var serial = CertificateSerial.New();
        var certDer = CertificateAuthority.IssueDeviceCertificate(keys, ca.CertificateDer, ca.KeyHandle, key.SubjectPublicKeyInfo,
            number.ToString(), serial, now.AddMinutes(-5), now.AddYears(3));
        var device = new DeviceRow
        {
            Id = deviceId, LicenseeId = licensee.Id, LicenseId = license.Id, LeaseId = leaseId, ProviderId = provider.Id,
            Vendor = number.Vendor, Model = number.Model, Serial = number.Serial, Status = DeviceStatus.InService, Sandbox = true,
            CapMills = licensee.DrCapMills, KeyHandle = key.KeyHandle, MacKeyHandle = keys.GenerateMacKey(deviceId + "/registers"),
            CertificateSerial = (long)serial, WatchdogDeadline = Watchdog.DeadlineAfter(now), LastSeenAt = now, CreatedAt = now,
        };
        seal.Seal(device);
        db.Devices.Add(device);
        db.Certificates.Add(new CertificateRow { Serial = (long)serial, DeviceId = deviceId, AuthorityId = ca.Id, Der = certDer, Sandbox = true, IssuedAt = now });
        return deviceId;
    }

    private SandboxLogin AddUser(string role, string email, string? licenseeId, string? providerId, DateTimeOffset now)
    {
        var password = RandomNumberGenerator.GetString("abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789", 16);
        var user = new UserRow { Id = Ids.New("usr"), Email = email, Role = role, PasswordHash = "", LicenseeId = licenseeId, ProviderId = providerId, Sandbox = true, SessionStamp = Ids.New("ss"), CreatedAt = now };
        user.PasswordHash = Passwords.Hash(user, password);
        db.Users.Add(user);
        return new SandboxLogin(role, email, password);
    }

    public static string CredentialsPath(IbisOptions options) => Path.Combine(options.DataDirectory, "sandbox-credentials.json");

    public static string PendingCredentialsPath(IbisOptions options) => CredentialsPath(options) + ".pending";

    /// <summary>
    /// After a crash between the sandbox's commit and the rename of its credentials file, the
    /// pending file belongs to the committed world (each attempt rewrites it before committing).
    /// </summary>
    public static void RecoverCredentialsFile(IbisOptions options)
    {
        if (!File.Exists(CredentialsPath(options)) && File.Exists(PendingCredentialsPath(options)))
            File.Move(PendingCredentialsPath(options), CredentialsPath(options));
    }

    /// <summary>Writes the credentials, readable only by the owner (mode 0600), to <paramref name="path"/>.</summary>
    public static async Task WriteCredentialsFile(string path, SandboxCredentials creds, CancellationToken ct)
    {
        var json = JsonSerializer.Serialize(new
        {
            api_key = creds.ApiKey,
            provider_api_key = creds.ProviderApiKey,
            postal_api_key = creds.PostalApiKey,
            duty_api_keys = creds.DutyApiKeys,
            device_id = creds.DeviceId,
            logins = creds.Logins.Select(l => new { role = l.Role, email = l.Email, password = l.Password }),
        }, new JsonSerializerOptions { WriteIndented = true });
        var fso = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows()) fso.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        await using (var stream = new FileStream(path, fso))
        await using (var writer = new StreamWriter(stream))
            await writer.WriteAsync(json.AsMemory(), ct);
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
    }
}
