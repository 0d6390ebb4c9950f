using System.Net;
using System.Net.Sockets;

namespace Dvt.Coordinator.Devnet;

/// <summary>A loopback TCP port nobody listens on right now (the OS picks it; it is released at once for a child to bind).</summary>
public static class FreePort
{
    public static int Next()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
