using System.Net;
using System.Net.Sockets;

namespace Tracker.Api.Infrastructure.Cli;

/// <summary>
/// Checks that the server can listen where it is told to, before migrations run: Kestrel finds a busy port only when
/// it starts, after the database work, and ends in a stack trace. The check binds each address and lets it go; a
/// port taken between the check and Kestrel's start still fails, later, with one line (Program).
/// </summary>
public static class ListenAddresses
{
    public const string Setting = "--urls or ASPNETCORE_URLS";

    public static void EnsureFree(string urls)
    {
        foreach (var url in urls.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            BindingAddress address;
            try { address = BindingAddress.Parse(url); }
            catch (FormatException) { throw new StartupException($"\"{url}\" is not a listen address like http://localhost:5080 ({Setting})."); }
            if (address.Port == 0) continue; // the system picks a free port
            foreach (var ip in AddressesOf(address.Host))
            {
                using var socket = new Socket(ip.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
                if (ip.Equals(IPAddress.IPv6Any)) socket.DualMode = true;
                try
                {
                    socket.Bind(new IPEndPoint(ip, address.Port));
                }
                catch (SocketException e) when (e.SocketErrorCode is SocketError.AddressAlreadyInUse or SocketError.AccessDenied)
                {
                    throw InUse(url, e.SocketErrorCode == SocketError.AccessDenied);
                }
                catch (SocketException)
                {
                    // No IPv6 on this host, or an address not on it: Kestrel reports (or skips) those itself.
                }
            }
        }
    }

    public static StartupException InUse(string url, bool denied = false) => new(denied
        ? $"Cannot listen on {url}: permission denied (ports below 1024 need privileges). Choose another address with {Setting}."
        : $"Cannot listen on {url}: the port is already in use. Choose another address with {Setting}.");

    /// <summary>What Kestrel binds for the host: both loopbacks for localhost, the address itself, or every interface.</summary>
    private static IPAddress[] AddressesOf(string host) =>
        host.Equals("localhost", StringComparison.OrdinalIgnoreCase) ? [IPAddress.Loopback, IPAddress.IPv6Loopback]
        : IPAddress.TryParse(host.Trim('[', ']'), out var ip) ? [ip]
        : Socket.OSSupportsIPv6 ? [IPAddress.IPv6Any] : [IPAddress.Any];
}
