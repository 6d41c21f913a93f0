using MailKit.Net.Smtp;
using MailKit.Security;
using MimeKit;

namespace Tracker.Api.Infrastructure.Email;

/// <summary>Where a finished message goes: an SMTP server, or a folder of .eml files.</summary>
public interface IMailTransport
{
    Task SendAsync(MimeMessage message, CancellationToken ct);
}

/// <summary>
/// Smtp:Host, Smtp:Port (default 587), Smtp:Username/Smtp:Password (optional), Smtp:Security (MailKit's
/// SecureSocketOptions: StartTls, SslOnConnect, None, Auto…; default SslOnConnect on port 465, else StartTls, so a
/// server that drops STARTTLS cannot read the links). One connection per message: mail is rare here.
/// </summary>
public sealed class SmtpMailTransport(IConfiguration config) : IMailTransport
{
    public async Task SendAsync(MimeMessage message, CancellationToken ct)
    {
        var port = config.GetValue("Smtp:Port", 587);
        var security = config.GetValue<SecureSocketOptions?>("Smtp:Security")
            ?? (port == 465 ? SecureSocketOptions.SslOnConnect : SecureSocketOptions.StartTls);
        using var client = new SmtpClient { Timeout = 30_000 };
        await client.ConnectAsync(config["Smtp:Host"]!, port, security, ct);
        if (config["Smtp:Username"] is { Length: > 0 } user) await client.AuthenticateAsync(user, config["Smtp:Password"] ?? "", ct);
        await client.SendAsync(message, ct);
        await client.DisconnectAsync(true, ct);
    }
}

/// <summary>Without Smtp:Host: each message becomes an .eml file in Mail:Folder (default "mail/"), said once on start.</summary>
public sealed class FolderMailTransport : IMailTransport
{
    private readonly string _folder;
    private readonly TimeProvider _clock;

    public FolderMailTransport(IConfiguration config, TimeProvider clock, ILogger<FolderMailTransport> logger)
    {
        _folder = Path.GetFullPath(config["Mail:Folder"] is { Length: > 0 } folder ? folder : "mail");
        _clock = clock;
        logger.LogWarning("Smtp:Host is not set: emails (invitations, password resets) are written as .eml files to {Folder}.", _folder);
    }

    public async Task SendAsync(MimeMessage message, CancellationToken ct)
    {
        Directory.CreateDirectory(_folder);
        var name = $"{_clock.GetUtcNow():yyyyMMdd'T'HHmmss'Z'}-{Guid.NewGuid():N}.eml";
        await message.WriteToAsync(Path.Combine(_folder, name), ct);
    }
}
