using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Dvt.Coordinator.Configuration;
using Dvt.Coordinator.SignerHosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Dvt.Coordinator.Tests.Configuration;

/// <summary>
/// The validator-client listener on another host: TLS that admits only clients with a certificate from the
/// configured CA (read from a real config file, served by real Kestrel, reached by a real HttpClient).
/// </summary>
public sealed class ValidatorClientTlsTests : IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("dvt-tls-").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    [Fact]
    public async Task Only_a_client_with_a_certificate_from_the_configured_CA_gets_an_answer()
    {
        using var ca = SelfSignedCa("dvt test client CA");
        using var otherCa = SelfSignedCa("someone else's CA");
        using var server = Issue(ca, "localhost", serverAuth: true);
        using var client = Issue(ca, "validator client", serverAuth: false);
        using var stranger = Issue(otherCa, "validator client", serverAuth: false);
        File.WriteAllText(Path.Combine(folder, "server.pem"), server.ExportCertificatePem());
        File.WriteAllText(Path.Combine(folder, "server.key"), server.GetECDsaPrivateKey()!.ExportPkcs8PrivateKeyPem());
        File.WriteAllText(Path.Combine(folder, "clients-ca.pem"), ca.ExportCertificatePem());

        var port = FreePort();
        var config = CoordinatorConfig.Parse($$"""
            {
              "network": "mainnet", "rpcUrl": "http://127.0.0.1:8545", "registryAddress": "0x5FbDB2315678afecb367f032d93F642f64180aa3", "chainId": 31337,
              "dataDir": "data", "passwordFile": "password.txt", "peerListen": "0.0.0.0:9000",
              "validatorClientListen": "0.0.0.0:{{port}}",
              "validatorClientTls": { "certificateFile": "server.pem", "keyFile": "server.key", "clientCaFile": "clients-ca.pem" }
            }
            """, folder);
        Assert.False(config.ValidatorClientListen.IsLoopback);

        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(k => ListenerBinding.Bind(k, config.ValidatorClientListen, config.ValidatorClientTls));
        await using var app = builder.Build();
        app.MapGet("/upcheck", () => Results.Text("OK"));
        await app.StartAsync();

        var url = new Uri($"https://127.0.0.1:{port}/upcheck");
        Assert.Equal("OK", await GetAsync(url, client, ca));
        await Assert.ThrowsAsync<HttpRequestException>(() => GetAsync(url, null, ca));
        await Assert.ThrowsAsync<HttpRequestException>(() => GetAsync(url, stranger, ca));
        await Assert.ThrowsAsync<HttpRequestException>(() => new HttpClient().GetStringAsync(new Uri($"http://127.0.0.1:{port}/upcheck")));
        await app.StopAsync();
    }

    private static async Task<string> GetAsync(Uri url, X509Certificate2? clientCertificate, X509Certificate2 serverCa)
    {
        var handler = new SocketsHttpHandler();
        handler.SslOptions.RemoteCertificateValidationCallback = (_, certificate, _, _) =>
            certificate is not null && ListenerBinding.IssuedBy(new X509Certificate2(certificate), [serverCa]);
        if (clientCertificate is not null)
            handler.SslOptions.ClientCertificates = [clientCertificate];
        using var http = new HttpClient(handler) { Timeout = TimeSpan.FromSeconds(10) };
        return await http.GetStringAsync(url);
    }

    private static X509Certificate2 SelfSignedCa(string name)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={name}", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign, true));
        return request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(1));
    }

    private static X509Certificate2 Issue(X509Certificate2 ca, string name, bool serverAuth)
    {
        var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={name}", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, false));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension(
            [serverAuth ? new Oid("1.3.6.1.5.5.7.3.1") : new Oid("1.3.6.1.5.5.7.3.2")], false));
        if (serverAuth)
        {
            var san = new SubjectAlternativeNameBuilder();
            san.AddDnsName(name);
            san.AddIpAddress(IPAddress.Loopback);
            request.CertificateExtensions.Add(san.Build());
        }
        var serial = RandomNumberGenerator.GetBytes(8);
        using var issued = request.Create(ca, DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddHours(12), serial);
        return issued.CopyWithPrivateKey(key);
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
