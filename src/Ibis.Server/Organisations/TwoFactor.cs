using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Ibis.Data;
using Ibis.Data.Entities;
using Ibis.Domain.Organisations;
using Ibis.Security.Fields;
using Microsoft.EntityFrameworkCore;
using OtpNet;
using QRCoder;

namespace Ibis.Server.Organisations;

/// <summary>What an authenticator app needs to enrol: the secret (Base32), its otpauth:// URI and that URI as a QR code (PNG, base64).</summary>
public sealed record TwoFactorEnrolment(string Secret, string OtpAuthUri, string QrCodePng);

/// <summary>
/// Two-factor sign-in with a time-based one-time password (RFC 6238: HMAC-SHA1, 6 digits, 30-second
/// steps) for the Postal Service's duties and providers — the roles that approve licenses, hold
/// customer records or move postage for others (issue 16 item 3). The shared secret is sealed under
/// the key-encryption key like every other secret; a code is accepted within one step either side of
/// the server's clock, and only once (a step at or before the last one accepted is a replay). Ten
/// recovery codes are shown once at enrolment, stored hashed, and each works once.
/// Sandbox users are exempt: the sandbox's credentials are published in its own credentials file.
/// </summary>
public sealed class TwoFactor(IbisDb db, FieldProtector fields, TimeProvider clock)
{
    public const string Issuer = "Ibis";
    public const int RecoveryCodeCount = 10;
    private static readonly VerificationWindow Window = new(previous: 1, future: 1);

    /// <summary>Whether sign-in asks this user for a second factor: Postal Service and provider roles, live users only.</summary>
    public static bool AppliesTo(string role, bool sandbox) => !sandbox && OrganisationRoles.KindOf(role) != OrganisationKind.Licensee;

    public async Task<bool> IsEnrolled(string userId, CancellationToken ct) =>
        await db.SecondFactors.AsNoTracking().AnyAsync(f => f.UserId == userId && f.ConfirmedAt != null, ct);

    /// <summary>
    /// Starts (or shows again) an enrolment: a new secret for a user without one, the pending one
    /// otherwise, so a second look at the QR code shows the same code. A confirmed factor is never replaced here.
    /// </summary>
    public async Task<TwoFactorEnrolment> Begin(string userId, string email, CancellationToken ct)
    {
        var row = await db.SecondFactors.FirstOrDefaultAsync(f => f.UserId == userId, ct);
        if (row?.ConfirmedAt is not null) throw new Api.ApiException(409, "second_factor_enrolled", "a second factor is already enrolled for this user");
        string secret;
        if (row is null)
        {
            secret = Base32Encoding.ToString(KeyGeneration.GenerateRandomKey(20));
            db.SecondFactors.Add(new SecondFactorRow { UserId = userId, SealedSecret = fields.Protect(secret, Context(userId)), CreatedAt = clock.GetUtcNow() });
            await db.SaveChangesAsync(ct);
        }
        else
        {
            secret = fields.Unprotect(row.SealedSecret, Context(userId));
        }
        var uri = $"otpauth://totp/{Uri.EscapeDataString(Issuer + ":" + email)}?secret={secret}&issuer={Issuer}&algorithm=SHA1&digits=6&period=30";
        using var generator = new QRCodeGenerator();
        using var data = generator.CreateQrCode(uri, QRCodeGenerator.ECCLevel.M);
        var png = new PngByteQRCode(data).GetGraphic(6);
        return new TwoFactorEnrolment(secret, uri, Convert.ToBase64String(png));
    }

    /// <summary>Confirms a pending enrolment with a first valid code; answers the recovery codes, shown this once.</summary>
    public async Task<IReadOnlyList<string>?> Confirm(string userId, string? code, CancellationToken ct)
    {
        var row = await db.SecondFactors.FirstOrDefaultAsync(f => f.UserId == userId && f.ConfirmedAt == null, ct);
        if (row is null || !await AcceptCode(row, code, ct)) return null;
        row.ConfirmedAt = clock.GetUtcNow();
        var codes = new List<string>();
        for (var i = 0; i < RecoveryCodeCount; i++)
        {
            var text = RecoveryCode();
            codes.Add(text);
            db.RecoveryCodes.Add(new RecoveryCodeRow { Id = Domain.Ids.New("rcv"), UserId = userId, CodeHash = Hash(text), CreatedAt = row.ConfirmedAt.Value });
        }
        await db.SaveChangesAsync(ct);
        return codes;
    }

    /// <summary>A sign-in's second factor: a current code not used before, or an unused recovery code (then spent).</summary>
    public async Task<bool> Verify(string userId, string? code, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(code)) return false;
        var trimmed = code.Trim();
        if (trimmed.Contains('-', StringComparison.Ordinal))
        {
            var hash = Hash(trimmed.ToUpperInvariant());
            var now = clock.GetUtcNow();
            // Spent in one conditional update: two concurrent sign-ins cannot both use it.
            return await db.RecoveryCodes.Where(r => r.UserId == userId && r.CodeHash == hash && r.UsedAt == null)
                .ExecuteUpdateAsync(s => s.SetProperty(r => r.UsedAt, now), ct) == 1;
        }
        var row = await db.SecondFactors.FirstOrDefaultAsync(f => f.UserId == userId && f.ConfirmedAt != null, ct);
        return row is not null && await AcceptCode(row, trimmed, ct);
    }

    /// <summary>The code matches a step within the window and is later than the last step accepted; the step is recorded.</summary>
    private async Task<bool> AcceptCode(SecondFactorRow row, string? code, CancellationToken ct)
    {
        if (code is null || code.Length != 6 || !code.All(char.IsAsciiDigit)) return false;
        var secret = Base32Encoding.ToBytes(fields.Unprotect(row.SealedSecret, Context(row.UserId)));
        var totp = new Totp(secret, step: 30, mode: OtpHashMode.Sha1, totpSize: 6);
        CryptographicOperations.ZeroMemory(secret);
        if (!totp.VerifyTotp(clock.GetUtcNow().UtcDateTime, code, out var step, Window)) return false;
        if (step <= row.LastStep) return false; // replay: this step (or a later one) was already used
        // Recorded only if no concurrent sign-in recorded this step first.
        var last = row.LastStep;
        var updated = await db.SecondFactors.Where(f => f.UserId == row.UserId && f.LastStep == last)
            .ExecuteUpdateAsync(s => s.SetProperty(f => f.LastStep, step), ct);
        if (updated != 1) return false;
        row.LastStep = step;
        db.Entry(row).Property(f => f.LastStep).OriginalValue = step;
        return true;
    }

    private static string Context(string userId) => "second_factor/" + userId;

    private static string RecoveryCode()
    {
        const string alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"; // no 0/O, 1/I
        var chars = new char[10];
        for (var i = 0; i < chars.Length; i++) chars[i] = alphabet[RandomNumberGenerator.GetInt32(alphabet.Length)];
        return string.Create(CultureInfo.InvariantCulture, $"{new string(chars, 0, 5)}-{new string(chars, 5, 5)}");
    }

    private static string Hash(string code) => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(code)));
}
