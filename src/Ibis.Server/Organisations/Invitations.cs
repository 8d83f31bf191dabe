using System.Security.Cryptography;
using Ibis.Data;
using Ibis.Data.Entities;
using Ibis.Domain;
using Ibis.Domain.Organisations;
using Ibis.Server.Auth;

namespace Ibis.Server.Organisations;

/// <summary>An invitation as its issuer sees it once: the code is shown here and never again.</summary>
public sealed record IssuedInvitation(string Id, string Object, string Email, string Role, bool Administrator, string Code, string AcceptUrl, DateTimeOffset ExpiresAt);

/// <summary>
/// One-time invitation codes: "ibis_inv_" + 32 random base62 characters (~190 bits), stored as a
/// SHA-256 hash like API keys, valid 72 hours, used once.
/// </summary>
public static class Invitations
{
    public const string Prefix = "ibis_inv_";
    private const string Alphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

    public static bool HasShape(string? code) => code is { Length: 41 } && code.StartsWith(Prefix, StringComparison.Ordinal);

    /// <summary>Adds an invitation for <paramref name="email"/> to the organisation given by the ids; returns it with its code.</summary>
    public static IssuedInvitation Issue(IbisDb db, string email, string role, bool administrator, string? licenseeId, string? providerId, bool sandbox, string invitedBy, DateTimeOffset now)
    {
        var code = Prefix + RandomNumberGenerator.GetString(Alphabet, 32);
        var row = new InvitationRow
        {
            Id = Ids.New("inv"), CodeHash = ApiKeys.Hash(code), Email = email, Role = role, IsAdministrator = administrator,
            LicenseeId = licenseeId, ProviderId = providerId, Sandbox = sandbox, InvitedBy = invitedBy,
            CreatedAt = now, ExpiresAt = now + InvitationPolicy.Lifetime,
        };
        db.Invitations.Add(row);
        return new IssuedInvitation(row.Id, "invitation", email, role, administrator, code, "/invitation?code=" + code, row.ExpiresAt);
    }

    /// <summary>A trimmed, lower-case e-mail address, or a refusal naming the field.</summary>
    public static string NormalizeEmail(string? email, string field = "email")
    {
        var text = (email ?? "").Trim().ToLowerInvariant();
        var at = text.IndexOf('@', StringComparison.Ordinal);
        if (text.Length is 0 or > 254 || at <= 0 || at != text.LastIndexOf('@') || at == text.Length - 1 || text.Any(char.IsWhiteSpace))
            throw new BusinessRuleViolationException(new BrokenRule("email_invalid", $"'{email}' is not an e-mail address", field, RuleKind.BadInput));
        return text;
    }
}
