using System.Net;
using System.Security.Cryptography.X509Certificates;
using Dvt.Coordinator.Configuration;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.AspNetCore.Server.Kestrel.Https;

namespace Dvt.Coordinator.SignerHosting;

/// <summary>
/// Binds one of the coordinator's role listeners on Kestrel: plain HTTP, or (validator-client listener) TLS that
/// requires a client certificate issued by the configured CA, checked against that CA alone (not the system store).
/// </summary>
public static class ListenerBinding
{
    public static void Bind(KestrelServerOptions kestrel, ListenAddress address, ValidatorClientTlsConfig? tls = null)
    {
        ArgumentNullException.ThrowIfNull(kestrel);
        ArgumentNullException.ThrowIfNull(address);
        Action<ListenOptions> configure = tls is null ? _ => { } : listen => listen.UseHttps(HttpsOptions(tls));
        if (IPAddress.TryParse(address.Host, out var ip))
            kestrel.Listen(ip, address.Port, configure);
        else if (address.Host == "localhost")
            kestrel.ListenLocalhost(address.Port, configure);
        else
            kestrel.ListenAnyIP(address.Port, configure);
    }

    private static HttpsConnectionAdapterOptions HttpsOptions(ValidatorClientTlsConfig tls)
    {
        X509Certificate2 serverCertificate;
        X509Certificate2Collection clientCas = [];
        try
        {
            serverCertificate = X509Certificate2.CreateFromPemFile(tls.CertificateFile, tls.KeyFile);
        }
        catch (Exception e) when (e is System.Security.Cryptography.CryptographicException or ArgumentException)
        {
            throw new ConfigException("validatorClientTls.certificateFile", $"{tls.CertificateFile} with key {tls.KeyFile} is not a PEM certificate and its private key: {e.Message}");
        }
        try
        {
            clientCas.ImportFromPemFile(tls.ClientCaFile);
        }
        catch (System.Security.Cryptography.CryptographicException e)
        {
            throw new ConfigException("validatorClientTls.clientCaFile", $"{tls.ClientCaFile} is not a PEM certificate: {e.Message}");
        }
        if (clientCas.Count == 0)
            throw new ConfigException("validatorClientTls.clientCaFile", $"{tls.ClientCaFile} holds no certificate");
        return new HttpsConnectionAdapterOptions
        {
            ServerCertificate = serverCertificate,
            ClientCertificateMode = ClientCertificateMode.RequireCertificate,
            ClientCertificateValidation = (certificate, _, _) => IssuedBy(certificate, clientCas),
        };
    }

    /// <summary>Whether <paramref name="certificate"/> chains to one of <paramref name="cas"/> (and only those are trusted).</summary>
    public static bool IssuedBy(X509Certificate2 certificate, X509Certificate2Collection cas)
    {
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.AddRange(cas);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.VerificationFlags = X509VerificationFlags.NoFlag;
        return chain.Build(certificate);
    }
}
