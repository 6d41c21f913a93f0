using System.Threading.Channels;
using MimeKit;
using Tracker.Api.Infrastructure.Http;

namespace Tracker.Api.Infrastructure.Email;

/// <summary>
/// The one way to send an email: <see cref="Queue"/> returns at once and a background worker delivers. Requests never
/// wait on a mail server, so a page answers in the same time whether it sent mail or not (the forgotten-password page
/// must not tell known emails from unknown ones), and a mail failure never fails the request: it is logged as a
/// warning naming the recipient and subject, never the body, which carries the secret link. Mail still queued when
/// the process stops is lost; every link we send can be asked for again.
/// </summary>
public sealed class Mailer(IConfiguration config)
{
    private readonly Channel<MimeMessage> _queue = Channel.CreateUnbounded<MimeMessage>(new UnboundedChannelOptions { SingleReader = true });
    private readonly MailboxAddress _from = config["Smtp:From"] is { Length: > 0 } from
        ? MailboxAddress.Parse(from)
        : new MailboxAddress("Tracker", "no-reply@" + new Uri(PublicUrl.Base(config)).Host);

    public void Queue(string to, string subject, string text)
    {
        var message = new MimeMessage { Subject = subject, Body = new TextPart("plain") { Text = text } };
        message.From.Add(_from);
        message.To.Add(MailboxAddress.Parse(to));
        _queue.Writer.TryWrite(message);
    }

    internal ChannelReader<MimeMessage> Pending => _queue.Reader;
}

internal sealed class MailWorker(Mailer mailer, IMailTransport transport, ILogger<MailWorker> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await foreach (var message in mailer.Pending.ReadAllAsync(stoppingToken))
        {
            try
            {
                await transport.SendAsync(message, stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
            {
                logger.LogWarning("Could not send the email \"{Subject}\" to {Recipient}: {Error}", message.Subject, message.To, e.Message);
            }
        }
    }
}

public static class MailSetup
{
    public static IServiceCollection AddTrackerMail(this IServiceCollection services, IConfiguration config)
    {
        services.AddSingleton<Mailer>();
        if (string.IsNullOrWhiteSpace(config["Smtp:Host"])) services.AddSingleton<IMailTransport, FolderMailTransport>();
        else services.AddSingleton<IMailTransport, SmtpMailTransport>();
        services.AddHostedService<MailWorker>();
        return services;
    }
}
