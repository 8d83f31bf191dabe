using Ibis.Data.Entities;
using Microsoft.AspNetCore.Identity;

namespace Ibis.Server.Auth;

/// <summary>Portal passwords: ASP.NET Core's PBKDF2 hasher; lockout after repeated failures from one address.</summary>
public static class Passwords
{
    public const int MaxFailedLogins = 5;
    public static readonly TimeSpan LockoutDuration = TimeSpan.FromMinutes(15);

    private static readonly PasswordHasher<UserRow> Hasher = new();

    public static string Hash(UserRow user, string password) => Hasher.HashPassword(user, password);

    public static bool Verify(UserRow user, string password) =>
        Hasher.VerifyHashedPassword(user, user.PasswordHash, password) != PasswordVerificationResult.Failed;

    /// <summary>A hash of a random password, made once, that unknown e-mails are checked against.</summary>
    private static readonly Lazy<(UserRow User, string Hash)> Nobody = new(() =>
    {
        var user = new UserRow { Id = "usr_nobody", Email = "", PasswordHash = "", Role = "" };
        return (user, Hasher.HashPassword(user, Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(24))));
    });

    /// <summary>Spends the work of one password check and fails: sign-in with an unknown e-mail takes as long as with a known one.</summary>
    public static bool VerifyNobody(string password)
    {
        _ = Hasher.VerifyHashedPassword(Nobody.Value.User, Nobody.Value.Hash, password);
        return false;
    }
}
