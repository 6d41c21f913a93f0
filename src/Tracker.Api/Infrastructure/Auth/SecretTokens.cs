using System.Security.Cryptography;
using System.Text;

namespace Tracker.Api.Infrastructure.Auth;

/// <summary>
/// The one way to mint a secret that is handed out once and stored only as its SHA-256: personal access tokens and
/// invitation links.
/// </summary>
public static class SecretTokens
{
    public static string New(int randomBytes, string prefix = "") => prefix + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(randomBytes));

    public static string Hash(string plainText) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(plainText)));
}
