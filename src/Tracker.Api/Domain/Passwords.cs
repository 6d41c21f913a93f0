using System.Security.Cryptography;
using Microsoft.AspNetCore.Identity;

namespace Tracker.Api.Domain;

/// <summary>Password hashing and checking for every page and command that sets or checks one.</summary>
public static class Passwords
{
    public const int MinLength = 10;
    public const string TooShort = "The password needs at least 10 characters.";

    private static readonly PasswordHasher<User> Hasher = new();

    /// <summary>
    /// A hash of a random password, so a check for an unknown email (or an account without a password) costs the
    /// same key derivation as a real one: the answer's timing does not tell which emails have accounts.
    /// </summary>
    private static readonly string DummyHash = Hasher.HashPassword(null!, Convert.ToHexString(RandomNumberGenerator.GetBytes(16)));

    public static bool IsLongEnough(string? password) => password is { Length: >= MinLength };

    public static void Set(User user, string password) => user.PasswordHash = Hasher.HashPassword(user, password);

    /// <summary>True when <paramref name="password"/> is the user's; always runs one full verification.</summary>
    public static bool Verify(User? user, string? password)
    {
        var hash = user?.PasswordHash;
        var ok = Hasher.VerifyHashedPassword(user!, hash ?? DummyHash, password ?? "") != PasswordVerificationResult.Failed;
        return ok && hash is not null && password is not null;
    }
}
