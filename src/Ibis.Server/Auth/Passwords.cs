using Ibis.Data.Entities;
using Microsoft.AspNetCore.Identity;

namespace Ibis.Server.Auth;

/// <summary>Portal passwords: ASP.NET Core's PBKDF2 hasher; lockout after repeated failures.</summary>
public static class Passwords
{
    public const int MaxFailedLogins = 5;
    public static readonly TimeSpan LockoutDuration = TimeSpan.FromMinutes(15);

    private static readonly PasswordHasher<UserRow> Hasher = new();

    public static string Hash(UserRow user, string password) => Hasher.HashPassword(user, password);

    public static bool Verify(UserRow user, string password) =>
        Hasher.VerifyHashedPassword(user, user.PasswordHash, password) != PasswordVerificationResult.Failed;
}
