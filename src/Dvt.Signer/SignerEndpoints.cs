using Dvt.Signer.Peer;
using Dvt.Signer.Web3Signer;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Prometheus;

namespace Dvt.Signer;

/// <summary>
/// Maps the signer onto the coordinator's Kestrel app: the Web3Signer eth2 API for validator clients, the
/// authenticated peer API for the other operators, and (unless disabled) GET /metrics.
/// </summary>
public static class SignerEndpoints
{
    public const string SignRoute = "/api/v1/eth2/sign/{identifier}";

    public static void Map(IEndpointRouteBuilder app, SignerServices services)
    {
        ArgumentNullException.ThrowIfNull(app);
        ArgumentNullException.ThrowIfNull(services);
        app.MapGet("/upcheck", StatusEndpoints.Upcheck);
        app.MapGet("/healthcheck", services.Status.Healthcheck);
        app.MapGet("/api/v1/eth2/publicKeys", services.Status.PublicKeys);
        app.MapPost(SignRoute, (Microsoft.AspNetCore.Http.HttpContext context, string identifier) => services.Sign.HandleAsync(context, identifier));
        app.MapPost(PartialSignatureMessages.Path, services.PartialSignatures.HandleAsync);
        if (services.Options.MapMetricsEndpoint)
            app.MapMetrics("/metrics", services.Metrics.Registry);
    }
}
