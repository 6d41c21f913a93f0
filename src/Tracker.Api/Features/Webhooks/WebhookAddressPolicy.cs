using System.Net;
using System.Net.Sockets;

namespace Tracker.Api.Features.Webhooks;

/// <summary>
/// Which addresses a webhook may reach: public unicast only. Private, loopback, link-local (which holds the cloud
/// metadata endpoints 169.254.169.254 and fd00:ec2::254), carrier-grade NAT, multicast and reserved ranges are
/// refused, so a webhook cannot be used to probe the server's own network. Loopback is allowed only when
/// <c>Webhooks:AllowLoopback</c> is true (tests, local development).
/// </summary>
public sealed class WebhookAddressPolicy(bool allowLoopback)
{
    public bool AllowLoopback => allowLoopback;

    public bool IsAllowed(IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6) address = address.MapToIPv4();
        if (IPAddress.IsLoopback(address)) return allowLoopback;
        return address.AddressFamily switch
        {
            AddressFamily.InterNetwork => IsPublicV4(address.GetAddressBytes()),
            AddressFamily.InterNetworkV6 => IsPublicV6(address),
            _ => false,
        };
    }

    private static bool IsPublicV4(byte[] b) => !(
        b[0] == 0 || b[0] == 10 || b[0] >= 224 ||                  // "this" network, private, multicast + reserved
        b[0] == 100 && (b[1] & 0xC0) == 64 ||                      // 100.64.0.0/10 carrier-grade NAT
        b[0] == 169 && b[1] == 254 ||                              // link-local, cloud metadata
        b[0] == 172 && (b[1] & 0xF0) == 16 ||                      // 172.16.0.0/12
        b[0] == 192 && b[1] == 168 ||                              // 192.168.0.0/16
        b[0] == 192 && b[1] == 0 && (b[2] == 0 || b[2] == 2) ||    // IETF protocol assignments, TEST-NET-1
        b[0] == 198 && (b[1] & 0xFE) == 18 ||                      // 198.18.0.0/15 benchmarking
        b[0] == 198 && b[1] == 51 && b[2] == 100 || b[0] == 203 && b[1] == 0 && b[2] == 113);

    private static bool IsPublicV6(IPAddress a)
    {
        if (a.Equals(IPAddress.IPv6None) || a.IsIPv6LinkLocal || a.IsIPv6SiteLocal || a.IsIPv6Multicast) return false;
        var b = a.GetAddressBytes();
        if ((b[0] & 0xFE) == 0xFC) return false;                          // fc00::/7 unique local (incl. fd00:ec2::254)
        if (b[0] == 0x20 && b[1] == 0x01 && b[2] == 0x0D && b[3] == 0xB8) return false; // documentation
        if (b[0] == 0x00 && b[1] == 0x64 && b[2] == 0xFF && b[3] == 0x9B) return false;  // NAT64 can reach private v4
        return true;
    }
}
