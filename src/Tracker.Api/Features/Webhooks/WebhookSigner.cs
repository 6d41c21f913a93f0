using System.Security.Cryptography;
using System.Text;

namespace Tracker.Api.Features.Webhooks;

/// <summary>
/// Standard Webhooks signing: <c>webhook-signature: v1,base64(HMAC-SHA256(key, "{id}.{timestamp}.{body}"))</c> where
/// the key is the base64 part of the <c>whsec_</c> secret. Receivers check the timestamp to reject replays.
/// </summary>
public static class WebhookSigner
{
    private const string Prefix = "whsec_";

    public static string NewSecret() => Prefix + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));

    public static string Sign(string secret, string messageId, long timestamp, string body)
    {
        var key = Convert.FromBase64String(secret.StartsWith(Prefix, StringComparison.Ordinal) ? secret[Prefix.Length..] : secret);
        var mac = HMACSHA256.HashData(key, Encoding.UTF8.GetBytes($"{messageId}.{timestamp}.{body}"));
        return "v1," + Convert.ToBase64String(mac);
    }

    /// <summary>
    /// The spec's proposed <c>X-Webhook-Signature: sha256=&lt;hex&gt;</c> (4.6), keyed with the whole token as it says,
    /// over the same <c>{id}.{timestamp}.{body}</c> as <see cref="Sign"/>: a signature of the body alone would let a
    /// captured delivery be replayed later or under another id.
    /// </summary>
    public static string SignHex(string secret, string messageId, long timestamp, string body) =>
        "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes($"{messageId}.{timestamp}.{body}")));

    /// <summary>What get/list show instead of the secret to a token without the <c>admin</c> scope.</summary>
    public static string Mask(string secret) => Prefix + "…" + secret[^4..];
}
