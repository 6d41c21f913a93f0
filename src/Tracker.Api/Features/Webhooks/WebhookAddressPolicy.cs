using System.Net;
using System.Net.Sockets;

namespace Tracker.Api.Features.Webhooks;

/// <summary>
/// Which addresses a webhook may reach: public unicast only. Private, loopback, link-local (which holds the cloud
/// metadata endpoints 169.254.169.254 and fd00:ec2::254), carrier-grade NAT, multicast and reserved ranges are
/// refused, so a webhook cannot be used to probe the server's own network. IPv6 forms that carry an IPv4 address
/// (IPv4-mapped and -compatible, SIIT, 6to4, Teredo, NAT64) are judged by that address, since a relay or translator
/// delivers to it. Loopback is allowed only when <c>Webhooks:AllowLoopback</c> is true (tests, local development),
/// and only as 127.0.0.0/8 or ::1 (or IPv4-mapped, which is the same socket address), never inside another form.
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

    private static bool IsPublicV4(ReadOnlySpan<byte> b) => !(
        b[0] == 0 || b[0] == 10 || b[0] == 127 || b[0] >= 224 ||   // "this" network, private, loopback, multicast + reserved
        b[0] == 100 && (b[1] & 0xC0) == 64 ||                      // 100.64.0.0/10 carrier-grade NAT
        b[0] == 169 && b[1] == 254 ||                              // link-local, cloud metadata
        b[0] == 172 && (b[1] & 0xF0) == 16 ||                      // 172.16.0.0/12
        b[0] == 192 && b[1] == 168 ||                              // 192.168.0.0/16
        b[0] == 192 && b[1] == 0 && (b[2] == 0 || b[2] == 2) ||    // IETF protocol assignments, TEST-NET-1
        b[0] == 198 && (b[1] & 0xFE) == 18 ||                      // 198.18.0.0/15 benchmarking
        b[0] == 198 && b[1] == 51 && b[2] == 100 || b[0] == 203 && b[1] == 0 && b[2] == 113);

    private static bool IsPublicV6(IPAddress a)
    {
        if (a.IsIPv6LinkLocal || a.IsIPv6SiteLocal || a.IsIPv6Multicast) return false;
        var b = a.GetAddressBytes();
        if ((b[0] & 0xFE) == 0xFC) return false;                          // fc00::/7 unique local (incl. fd00:ec2::254)
        if (b[0] == 0x20 && b[1] == 0x01 && b[2] == 0x0D && b[3] == 0xB8) return false; // documentation
        if (b[0] == 0x01 && b[1] == 0x00 && b.AsSpan(2, 6).IndexOfAnyExcept((byte)0) < 0) return false; // 100::/64 discard
        return EmbeddedV4(b) switch
        {
            null => true,
            var (first, second) => IsPublicV4(first) && (second is null || IsPublicV4(second)),
        };
    }

    /// <summary>
    /// The IPv4 address(es) an IPv6 transition form carries, or null for plain IPv6. NAT64's local-use space
    /// (64:ff9b:1::/48) places the IPv4 part by a prefix length the server cannot know: it counts as unknown.
    /// </summary>
    private static (byte[] First, byte[]? Second)? EmbeddedV4(byte[] b)
    {
        var last = b[12..];
        var zeroTo = b.AsSpan().IndexOfAnyExcept((byte)0) is var nonZero and >= 0 ? nonZero : 16;
        if (zeroTo >= 12) return (last, null);                                    // ::/96 IPv4-compatible (and ::)
        if (zeroTo >= 8 && b[8] == 0xFF && b[9] == 0xFF && b[10] == 0 && b[11] == 0) return (last, null); // ::ffff:0:0:0/96 SIIT
        if (b[0] == 0x20 && b[1] == 0x02) return (b[2..6], null);                 // 2002::/16 6to4
        if (b[0] == 0x20 && b[1] == 0x01 && b[2] == 0 && b[3] == 0)               // 2001::/32 Teredo: server, then client (inverted)
            return (b[4..8], last.Select(x => (byte)~x).ToArray());
        if (b[0] == 0x00 && b[1] == 0x64 && b[2] == 0xFF && b[3] == 0x9B)         // 64:ff9b::/96 NAT64; the rest of /32 is local-use
            return b.AsSpan(4, 8).IndexOfAnyExcept((byte)0) < 0 ? (last, null) : (Unknown, null);
        return null;
    }

    /// <summary>Stands for an IPv4 part that cannot be read: "this network", never public.</summary>
    private static readonly byte[] Unknown = [0, 0, 0, 0];
}
