using Ibis.Server.Hosting;
using Npgsql;
using Xunit;

namespace Ibis.Server.Tests.Hosting;

/// <summary>Issue 16 item 8: database URLs with escaped passwords, and TLS with certificate verification.</summary>
public sealed class PostgresUrlTests
{
    [Fact]
    public void EscapedPassword_StaysAPassword_AndAddsNoOption()
    {
        var cs = PostgresUrl.ToConnectionString("postgres://ibis:p%3Bw%3DHost%3Devil.example%3BSSL%20Mode%3DDisable@db.example:6543/ibis");
        var b = new NpgsqlConnectionStringBuilder(cs);
        Assert.Equal("p;w=Host=evil.example;SSL Mode=Disable", b.Password);
        Assert.Equal("db.example", b.Host);
        Assert.Equal(6543, b.Port);
        Assert.Equal("ibis", b.Username);
        Assert.Equal("ibis", b.Database);
        Assert.Equal(SslMode.Prefer, b.SslMode); // the default: nothing in the password changed it
    }

    [Theory]
    [InlineData("verify-full", SslMode.VerifyFull)]
    [InlineData("verify-ca", SslMode.VerifyCA)]
    [InlineData("require", SslMode.Require)]
    [InlineData("disable", SslMode.Disable)]
    public void SslMode_IsSelectable_WithARootCertificate(string mode, SslMode expected)
    {
        var b = new NpgsqlConnectionStringBuilder(PostgresUrl.ToConnectionString($"postgresql://u:p@db/ibis?sslmode={mode}&sslrootcert=%2Fetc%2Fibis%2Fca.pem"));
        Assert.Equal(expected, b.SslMode);
        Assert.Equal("/etc/ibis/ca.pem", b.RootCertificate);
    }

    [Fact]
    public void UnknownSslMode_IsRefused() =>
        Assert.Throws<ArgumentException>(() => PostgresUrl.ToConnectionString("postgres://u:p@db/ibis?sslmode=sometimes"));
}
