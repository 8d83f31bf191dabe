using System.Net;
using System.Net.Http.Json;
using Ibis.Server.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Ibis.Testing;
using Microsoft.EntityFrameworkCore;
using Xunit;

namespace Ibis.Server.Tests.Hardening;

/// <summary>
/// Issue 16 item 5: the data directory is 0700 and its files 0600 (the SQLite database with its WAL
/// included); the portal's Data Protection key ring is in the database, encrypted under the
/// key-encryption key, and shared: a second node accepts the first node's session.
/// </summary>
public abstract class SecretsAtRestTests(Func<HardenedApp> fixture)
{
    private HardenedApp F => fixture();

    [SkippableFact]
    public async Task DataDirectory_IsPrivate_AndEveryFileInIt()
    {
        Skip.If(OperatingSystem.IsWindows(), "Unix file modes");
        if (OperatingSystem.IsWindows()) return;
        var who = await F.App.NewLicensee("Private Files Co"); // writes: the WAL exists
        Assert.NotNull(who);
        var directory = F.App.DataDirectory;
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(directory));
        var files = Directory.EnumerateFiles(directory, "*", SearchOption.AllDirectories).ToList();
        if (F.App.Kind == DatabaseKind.Sqlite) Assert.Contains(files, f => f.EndsWith("ibis.db", StringComparison.Ordinal));
        Assert.Contains(files, f => f.EndsWith("sandbox-credentials.json", StringComparison.Ordinal));
        foreach (var file in files)
            Assert.True((File.GetUnixFileMode(file) & (UnixFileMode.GroupRead | UnixFileMode.GroupWrite | UnixFileMode.OtherRead | UnixFileMode.OtherWrite)) == 0,
                $"{Path.GetFileName(file)} is {File.GetUnixFileMode(file)}");
    }

    [SkippableFact]
    public async Task KeyEncryptionKey_IsGeneratedOutsideTheDataDirectory_InAPrivateKeyDirectory()
    {
        await F.App.NewLicensee("Key Apart Co");
        // Issue 16 item 5: a copy of the data directory (which holds every wrapped key) must not also hold the KEK.
        Assert.False(File.Exists(Path.Combine(F.App.DataDirectory, "kek.bin")));
        var kek = Path.Combine(F.App.KeyDirectory, "kek.bin");
        Assert.Equal(32, new FileInfo(kek).Length);
        if (OperatingSystem.IsWindows()) return;
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(F.App.KeyDirectory));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(kek));
    }

    [SkippableFact]
    public async Task KeyRing_IsInTheDatabase_Encrypted_AndSharedByASecondNode()
    {
        var login = F.App.Sandbox.Logins.First(l => l.Role == "licensee");
        var client = F.Client("192.0.2.70");
        var signedIn = await client.PostAsJsonAsync("/v1/sessions", new { email = login.Email, password = login.Password });
        Assert.Equal(HttpStatusCode.OK, signedIn.StatusCode);
        var cookie = signedIn.Headers.GetValues("Set-Cookie").Select(c => c.Split(';')[0]).Single(c => c.StartsWith("__Host-ibis_session=", StringComparison.Ordinal));

        var keys = await F.App.WithDb(db => db.DataProtectionKeys.AsNoTracking().ToListAsync());
        Assert.NotEmpty(keys);
        Assert.All(keys, k =>
        {
            Assert.Contains("<encryptedKey", k.Xml, StringComparison.Ordinal);
            Assert.DoesNotContain("<masterKey", k.Xml, StringComparison.Ordinal);
        });
        Assert.False(Directory.Exists(Path.Combine(F.App.DataDirectory, "data-protection-keys")));

        // The second node has no file of the first: it reads the ring from the database.
        using var second = new IbisApp(F.App) { ConfigureHost = b => b.UseEnvironment("Production") };
        var other = second.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { BaseAddress = new Uri("https://ibis.example/"), HandleCookies = false });
        var request = new HttpRequestMessage(HttpMethod.Get, "/v1/accounts");
        request.Headers.Add("Cookie", cookie);
        Assert.Equal(HttpStatusCode.OK, (await other.SendAsync(request)).StatusCode);
    }
}

[Collection("sqlite")]
public sealed class SqliteSecretsAtRestTests(SqliteHardenedApp f) : SecretsAtRestTests(() => f), IClassFixture<SqliteHardenedApp>;

[Collection("postgres")]
public sealed class PostgresSecretsAtRestTests(PostgresHardenedApp f) : SecretsAtRestTests(() => f), IClassFixture<PostgresHardenedApp>;
