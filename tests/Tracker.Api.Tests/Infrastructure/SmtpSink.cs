using System.Buffers;
using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using MimeKit;
using SmtpServer;
using SmtpServer.Protocol;
using SmtpServer.Storage;

namespace Tracker.Api.Tests.Infrastructure;

/// <summary>
/// A real SMTP server in the test process, on a free loopback port: the server under test delivers to it over
/// SMTP with MailKit, and tests read what arrived. <see cref="Hold"/> keeps the server from accepting a message
/// until released, to show that no request waits on mail.
/// </summary>
public sealed class SmtpSink : IDisposable
{
    private readonly ConcurrentQueue<MimeMessage> _received = new();
    private readonly CancellationTokenSource _stop = new();
    private volatile TaskCompletionSource _gate = Open();

    public int Port { get; } = FreePort();

    public SmtpSink()
    {
        var options = new SmtpServerOptionsBuilder().ServerName("localhost")
            .Endpoint(e => e.Endpoint(new IPEndPoint(IPAddress.Loopback, Port))).Build();
        var services = new SmtpServer.ComponentModel.ServiceProvider();
        services.Add(new Store(this));
        _ = new SmtpServer.SmtpServer(options, services).StartAsync(_stop.Token);
        WaitUntilListening();
    }

    public IReadOnlyCollection<MimeMessage> Received => _received;

    public void Hold() => _gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
    public void Release() => _gate.TrySetResult();

    /// <summary>The first message to <paramref name="to"/> that arrives within 10 seconds.</summary>
    public async Task<MimeMessage> WaitForAsync(string to)
    {
        for (var waited = 0; waited < 10_000; waited += 20)
        {
            if (_received.FirstOrDefault(m => m.To.Mailboxes.Any(a => a.Address == to)) is { } message) return message;
            await Task.Delay(20);
        }
        throw new TimeoutException($"No email to {to} arrived. Received: {string.Join(", ", _received.Select(m => m.To))}");
    }

    public int CountTo(string to) => _received.Count(m => m.To.Mailboxes.Any(a => a.Address == to));

    public void Dispose()
    {
        Release();
        _stop.Cancel();
    }

    private static TaskCompletionSource Open()
    {
        var open = new TaskCompletionSource();
        open.SetResult();
        return open;
    }

    public static int FreePort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    private void WaitUntilListening()
    {
        for (var i = 0; i < 100; i++)
        {
            try
            {
                using var probe = new TcpClient();
                probe.Connect(IPAddress.Loopback, Port);
                return;
            }
            catch (SocketException)
            {
                Thread.Sleep(50);
            }
        }
        throw new InvalidOperationException("The test SMTP server did not start.");
    }

    private sealed class Store(SmtpSink sink) : MessageStore
    {
        public override async Task<SmtpResponse> SaveAsync(ISessionContext context, IMessageTransaction transaction,
            ReadOnlySequence<byte> buffer, CancellationToken cancellationToken)
        {
            await sink._gate.Task.WaitAsync(cancellationToken);
            using var stream = new MemoryStream(buffer.ToArray());
            sink._received.Enqueue(await MimeMessage.LoadAsync(stream, cancellationToken));
            return SmtpResponse.Ok;
        }
    }
}

/// <summary>A server that sends its mail to its own <see cref="SmtpSink"/>.</summary>
public class SmtpFactory : TrackerFactory
{
    public SmtpSink Smtp { get; } = new();

    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Smtp:Host"] = "127.0.0.1", ["Smtp:Port"] = Smtp.Port.ToString(), ["Smtp:Security"] = "None",
        ["Smtp:From"] = "Tracker <tracker@example.com>",
    };

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing) Smtp.Dispose();
    }
}
