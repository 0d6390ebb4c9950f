using System.Globalization;
using System.Net;

namespace Dvt.Coordinator.Configuration;

/// <summary>A host:port a listener binds to, read from one config field (errors name it).</summary>
public sealed record ListenAddress(string Host, int Port)
{
    /// <summary>True when only this machine can connect: 127.0.0.0/8, ::1 or "localhost".</summary>
    public bool IsLoopback => Host == "localhost" || (IPAddress.TryParse(Host, out var address) && IPAddress.IsLoopback(address));

    public static ListenAddress Parse(string field, string text)
    {
        var colon = text.LastIndexOf(':');
        if (colon <= 0 || colon == text.Length - 1)
            throw new ConfigException(field, $"'{text}' is not host:port");
        var host = text[..colon].Trim('[', ']');
        if (!int.TryParse(text[(colon + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out var port) || port is < 0 or > 65535)
            throw new ConfigException(field, $"port '{text[(colon + 1)..]}' is not a number from 0 to 65535");
        return new ListenAddress(host, port);
    }

    public override string ToString() => Host.Contains(':', StringComparison.Ordinal) ? $"[{Host}]:{Port}" : $"{Host}:{Port}";
}
