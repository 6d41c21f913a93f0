using System.Security.Cryptography;
using Microsoft.IdentityModel.Tokens;
using OpenIddict.Server;

namespace Tracker.Api.Infrastructure.Auth;

/// <summary>
/// Signing and encryption keys for OpenIddict, kept as PEM files in OAuth:KeysPath (default "keys" under the
/// working folder) so tokens survive restarts and every process pointed at the same folder accepts them.
/// </summary>
public static class OAuthKeys
{
    public static void Configure(OpenIddictServerBuilder builder, IConfiguration config)
    {
        var folder = Path.GetFullPath(config["OAuth:KeysPath"] ?? "keys");
        Directory.CreateDirectory(folder);
        builder.AddSigningKey(new RsaSecurityKey(LoadOrCreate(Path.Combine(folder, "signing.pem"))) { KeyId = "tracker-signing" });
        builder.AddEncryptionKey(new RsaSecurityKey(LoadOrCreate(Path.Combine(folder, "encryption.pem"))) { KeyId = "tracker-encryption" });
    }

    private static RSA LoadOrCreate(string path)
    {
        var rsa = RSA.Create(2048);
        if (File.Exists(path))
        {
            rsa.ImportFromPem(File.ReadAllText(path));
            return rsa;
        }
        var pem = rsa.ExportPkcs8PrivateKeyPem();
        // Write-then-rename so two processes starting together never read a half-written key.
        var temp = path + "." + Guid.NewGuid().ToString("N") + ".tmp";
        File.WriteAllText(temp, pem);
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(temp, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        try { File.Move(temp, path, overwrite: false); }
        catch (IOException) { File.Delete(temp); rsa.ImportFromPem(File.ReadAllText(path)); }
        return rsa;
    }
}
