using Dvt.Signer.Peer;
using Dvt.Signer.Web3Signer;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Prometheus;

namespace Dvt.Signer;

/// <summary>
/// Maps the signer onto the coordinator's two Kestrel apps, one per role. The validator-client listener (loopback,
/// or TLS with client certificates) serves the Web3Signer eth2 API, /healthcheck and (unless disabled) /metrics.
/// The public listener, whose URL every operator publishes in the registry, serves the authenticated peer API and
/// nothing else: a route mapped there is a route anyone who reads the registry can call.
/// </summary>
public static class SignerEndpoints
{
    public const string SignRoute = "/api/v1/eth2/sign/{identifier}";

    /// <summary>The validator client's API: Web3Signer (upcheck, publicKeys, sign), /healthcheck and /metrics.</summary>
    public static void MapValidatorClientApi(IEndpointRouteBuilder app, SignerServices services)
    {
        ArgumentNullException.ThrowIfNull(app);
        ArgumentNullException.ThrowIfNull(services);
        app.MapGet("/upcheck", StatusEndpoints.Upcheck);
        app.MapGet("/healthcheck", services.Status.Healthcheck);
        app.MapGet("/api/v1/eth2/publicKeys", services.Status.PublicKeys);
        app.MapPost(SignRoute, (Microsoft.AspNetCore.Http.HttpContext context, string identifier) => services.Sign.HandleAsync(context, identifier));
        if (services.Options.MapMetricsEndpoint)
            app.MapMetrics("/metrics", services.Metrics.Registry);
    }

    /// <summary>The public listener: the peer API only (every request authenticated by a registered operator's key).</summary>
    public static void MapPeerApi(IEndpointRouteBuilder app, SignerServices services)
    {
        ArgumentNullException.ThrowIfNull(app);
        ArgumentNullException.ThrowIfNull(services);
        app.MapPost(PartialSignatureMessages.Path, services.PartialSignatures.HandleAsync);
        app.MapPost(PartialSignatureBatchMessages.Path, services.PartialSignatureBatches.HandleAsync);
    }
}
