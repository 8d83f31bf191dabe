using Ibis.Domain.Licensing;
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
using Ibis.Server.Devices;
using Ibis.Server.Licensing;
using Ibis.Server.Organisations;
using Ibis.Domain.Organisations;
using System.Globalization;
using Ibis.Server.UseCases;
using Microsoft.EntityFrameworkCore;

namespace Ibis.Server.Sandbox;

internal sealed record SandboxLogin(string Role, string Email, string Password);

internal sealed record SandboxCredentials(string ApiKey, string DeviceId, string LicenseeId, IReadOnlyList<SandboxLogin> Logins)
{
    /// <summary>A test API key acting for the provider (audits, resets, withdrawal).</summary>
    public string? ProviderApiKey { get; init; }

    /// <summary>A test API key acting for the Postal Service (caps, licensing decisions).</summary>
    public string? PostalApiKey { get; init; }

    /// <summary>Test API keys for the postal duties of licensing and customer records (licensing_official, appeals_manager, privacy_officer, refund_coordinator).</summary>
    public IReadOnlyDictionary<string, string> DutyApiKeys { get; init; } = new Dictionary<string, string>();
}

/// <summary>
/// The world a newcomer gets on first start: the Postal Service's sandbox certificate authority,
/// a provider, one licensed licensee with a funded deposit account, one leased PSD reset to
/// $100.000 with a certified key, one portal login per role and one test API key.
/// </summary>
internal sealed class SandboxWorld(IbisDb db, IKeyStore keys, ResetDevice resets, IServiceProvider services, TimeProvider clock)
{
    public static readonly Mills InitialDeposit = Mills.FromMills(1_000_000);
    public static readonly Mills InitialReset = Mills.FromMills(100_000);

    /// <summary>The sandbox's Postal Service administrator: the identity that authorizes its provider and invites its postal users.</summary>
    private static readonly Caller PostalAdministrator = new("sandbox", Caller.PostalRole, null, null, TestMode: true) { IsAdministrator = true };

    public async Task<bool> IsEmpty(CancellationToken ct) => !await db.CertificateAuthorities.AnyAsync(a => a.Sandbox, ct);

    /// <summary>
    /// Creates the whole world in one transaction, so a crash leaves either nothing or everything.
    /// <paramref name="beforeCommit"/> runs last inside it (the credentials are saved before the
    /// world they open becomes visible).
    /// </summary>
    public Task<SandboxCredentials> Create(Func<SandboxCredentials, Task> beforeCommit, CancellationToken ct) =>
        services.GetRequiredService<CommandPipeline>().Run(null, null, async ct =>
        {
            var creds = await CreateWorld(ct);
            await beforeCommit(creds);
            return creds;
        }, ct);

    /// <summary>
    /// The sandbox is one tenant made through the services a live installation uses: the Postal
    /// Service authorizes the provider (§502.2) and invites its users, the provider onboards its
    /// customer, the customer is licensed, the device is added, inspected and commissioned under a
    /// lease, funded and reset. Only its certificate authority is its own (sandbox indicia are signed
    /// under the sandbox CA and verify as "test").
    /// </summary>
    private async Task<SandboxCredentials> CreateWorld(CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var ca = CertificateAuthority.CreateAuthority(keys, "Ibis SANDBOX Postal Service Certificate Authority", sandbox: true, now);
        db.CertificateAuthorities.Add(new CertificateAuthorityRow { Id = Ids.New("ca"), Name = "USPS SANDBOX CA", Sandbox = true, CertificateDer = ca.CertificateDer, KeyHandle = ca.KeyHandle, CreatedAt = now });
        await db.SaveChangesAsync(ct);

        var logins = new List<SandboxLogin>();
        var authorized = await services.GetRequiredService<AuthorizeProvider>().Handle(PostalAdministrator,
            new AuthorizeProviderCommand("Ibis Sandbox Provider", DateOnly.FromDateTime(now.UtcDateTime).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), "provider@sandbox.ibis.test"), ct);
        var (providerLogin, providerUser) = await Accept(authorized.AdministratorInvitation, ct);
        logins.Add(providerLogin);
        var provider = new Caller(providerUser.Id, Caller.ProviderRole, null, authorized.Provider.Id, TestMode: true) { IsAdministrator = true };

        var createKey = services.GetRequiredService<CreateApiKey>();
        var dutyKeys = new Dictionary<string, string>();
        string? postalKey = null;
        foreach (var role in OrganisationRoles.Grantable(OrganisationKind.PostalService))
        {
            var invitation = await services.GetRequiredService<InviteUser>().Handle(PostalAdministrator, new InviteUserCommand($"{role}@sandbox.ibis.test", role, role == Caller.PostalRole), ct);
            logins.Add((await Accept(invitation, ct)).Login);
            if (role == Caller.PostalRole) postalKey = (await createKey.Handle(PostalAdministrator, new CreateApiKeyCommand("sandbox postal", role), ct)).Key;
            else if (role is Caller.LicensingOfficialRole or Caller.AppealsManagerRole or Caller.PrivacyOfficerRole or Caller.RefundCoordinatorRole)
                dutyKeys[role] = (await createKey.Handle(PostalAdministrator, new CreateApiKeyCommand("sandbox " + role, role), ct)).Key;
        }
        var providerKey = (await createKey.Handle(provider, new CreateApiKeyCommand("sandbox provider", null), ct)).Key;
        var licensee = await CreateLicensee("Sandbox Mailer LLC", "licensee@sandbox.ibis.test", provider, ct, throughLicensing: true);
        return licensee with { Logins = [.. licensee.Logins, .. logins], ProviderApiKey = providerKey, PostalApiKey = postalKey, DutyApiKeys = dutyKeys };
    }

    /// <summary>A licensed, funded licensee with one reset device, a login and a test API key.</summary>
    /// <param name="throughLicensing">
    /// The sandbox world's own licensee is licensed the way a newcomer would be (P050 2.1): a customer
    /// record, a 3601-A applied for, transmitted by the provider and approved by the licensing official,
    /// and a signed lease (P050 2.5i). Licensees added by tests get their license directly.
    /// </param>
    public async Task<SandboxCredentials> CreateLicensee(string name, string email, Caller? provider = null, CancellationToken ct = default, bool throughLicensing = false)
    {
        if (db.Database.CurrentTransaction is null)
            return await services.GetRequiredService<CommandPipeline>().Run(null, null, ct => CreateLicensee(name, email, provider, ct, throughLicensing), ct);
        var now = clock.GetUtcNow();
        provider ??= await SandboxProvider(ct);
        var onboarded = await services.GetRequiredService<OnboardLicensee>().Handle(provider, new OnboardLicenseeCommand(name, email), ct);
        var (login, user) = await Accept(onboarded.AdministratorInvitation, ct);
        var licenseeId = onboarded.Licensee.Id;
        var licenseeRow = await db.Licensees.FirstAsync(l => l.Id == licenseeId, ct);
        var providerRow = await db.Providers.FirstAsync(p => p.Id == provider.ProviderId, ct);
        LicenseRow license;
        if (throughLicensing)
            license = await SandboxLicensing.License(services, licenseeRow, providerRow, email, ct);
        else
        {
            license = new LicenseRow
            {
                Id = Ids.New("lic"), LicenseeId = licenseeId, PostOfficeCity = "WASHINGTON", PostOfficeState = "DC",
                PostOfficeZip = "20066", Status = LicenseStatus.Valid, IssuedAt = now,
            };
            db.Licenses.Add(license);
            await db.SaveChangesAsync(ct);
        }
        // §502.25(c): the account opens with the Acknowledgement of Deposit Requirement signed; then the lease (P050 2.5i).
        var account = await services.GetRequiredService<Funds.OpenDepositAccount>().Handle(provider, new Funds.OpenAccountRequest(licenseeId, true, false), ct);
        var lease = await services.GetRequiredService<Licensing.SignLease>().Handle(provider,
            new LeaseRequest(licenseeId, license.Id, name, DateOnly.FromDateTime(now.UtcDateTime).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), account.Id), ct);
        var deviceId = await Commission(provider, lease.Id, ct);
        var licenseeAdmin = new Caller(user.Id, Caller.LicenseeRole, licenseeId, null, TestMode: true) { IsAdministrator = true };
        var apiKey = (await services.GetRequiredService<CreateApiKey>().Handle(licenseeAdmin, new CreateApiKeyCommand("sandbox licensee", null), ct)).Key;
        // Funded through the real path: a deposit by check, cleared by the sandbox processor, on the ledger.
        await services.GetRequiredService<Funds.MakeDeposit>().Handle(provider, account.Id, new Funds.DepositRequest(new MoneyInput(InitialDeposit.ToString(), "USD"), "check", null, null, null, null, "1001"), IdempotentRequest.None, ct);
        // The first reset (P050 3.5) goes through the real path too: audit, deposit account → DR, signed record.
        await resets.Handle(provider, deviceId, InitialReset, IdempotentRequest.None, ct);
        return new SandboxCredentials(apiKey, deviceId, licenseeId, [login]);
    }

    /// <summary>Leases one more PSD (DR $0) to an existing licensee: added to inventory, inspected, commissioned under its lease.</summary>
    public async Task<string> AddDevice(string licenseeId, CancellationToken ct)
    {
        var licensee = await db.Licensees.AsNoTracking().FirstAsync(l => l.Id == licenseeId, ct);
        var lease = await db.Leases.AsNoTracking().Where(l => l.LicenseeId == licenseeId && l.Status == LeaseStatus.Active).OrderBy(l => l.CreatedAt).FirstAsync(ct);
        var provider = new Caller("sandbox", Caller.ProviderRole, null, licensee.ProviderId, TestMode: true);
        return await Commission(provider, lease.Id, ct);
    }

    private async Task<string> Commission(Caller provider, string leaseId, CancellationToken ct)
    {
        var device = await services.GetRequiredService<AddDeviceToInventory>().Handle(provider, new AddDeviceCommand(1, null), ct);
        await services.GetRequiredService<InspectDevice>().Handle(provider, device.Id, new InspectDeviceCommand(true, "sandbox device"), ct);
        await services.GetRequiredService<CommissionDevice>().Handle(provider, device.Id, new CommissionDeviceCommand(leaseId), ct);
        return device.Id;
    }

    private async Task<Caller> SandboxProvider(CancellationToken ct)
    {
        var id = await db.Providers.AsNoTracking().Where(p => p.Sandbox).OrderBy(p => p.CreatedAt).Select(p => p.Id).FirstAsync(ct);
        return new Caller("sandbox", Caller.ProviderRole, null, id, TestMode: true) { IsAdministrator = true };
    }

    /// <summary>Accepts an invitation with a generated password, as the invited person would with their own.</summary>
    private async Task<(SandboxLogin Login, UserView User)> Accept(IssuedInvitation invitation, CancellationToken ct)
    {
        var password = RandomNumberGenerator.GetString("abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789", 16);
        var user = await services.GetRequiredService<AcceptInvitation>().Handle(new AcceptInvitationCommand(invitation.Code, password), ct);
        return (new SandboxLogin(user.Role, user.Email, password), user);
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
