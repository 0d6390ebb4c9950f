using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;

namespace Dvt.Coordinator.Devnet;

/// <summary>
/// A loopback TCP port nobody listens on right now, released at once for a child to bind. Taken below the kernel's
/// ephemeral range: a port the OS handed out for "any port" could be handed out again, as the local end of some
/// process's outgoing connection, before the child binds it (seen with several devnets on one machine: "address
/// already in use"); ports below that range are only ever taken by an explicit bind.
/// </summary>
public static class FreePort
{
    private const int Lowest = 10_000;

    /// <summary>
    /// Ports this process handed out already: a port is free again once its probe closes, and a later pick for another
    /// child must not take it before the first child binds it (seen in CI: "address already in use").
    /// </summary>
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<int, byte> handedOut = new();

    public static int Next()
    {
        var (ephemeralLow, _) = EphemeralRange();
        for (var attempt = 0; attempt < 64 && ephemeralLow - 1 > Lowest; attempt++)
        {
            var port = RandomNumberGenerator.GetInt32(Lowest, ephemeralLow);
            if (handedOut.ContainsKey(port))
                continue;
            try
            {
                using var probe = new TcpListener(IPAddress.Loopback, port);
                probe.Start();
                if (handedOut.TryAdd(port, 0))
                    return port;
            }
            catch (SocketException)
            {
                // taken: try another
            }
        }
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>Linux's net.ipv4.ip_local_port_range; IANA's 49152-65535 elsewhere.</summary>
    private static (int Low, int High) EphemeralRange()
    {
        const string File = "/proc/sys/net/ipv4/ip_local_port_range";
        try
        {
            if (System.IO.File.Exists(File)
                && System.IO.File.ReadAllText(File).Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries) is [var low, var high]
                && int.TryParse(low, out var l) && int.TryParse(high, out var h))
                return (l, h);
        }
        catch (IOException)
        {
        }
        return (49152, 65535);
    }
}
