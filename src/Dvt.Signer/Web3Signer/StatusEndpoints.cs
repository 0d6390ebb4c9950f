using System.Text.Json;
using Dvt.Signer.Directory;
using Dvt.Signer.Http;
using Microsoft.AspNetCore.Http;

namespace Dvt.Signer.Web3Signer;

/// <summary>GET /upcheck, GET /healthcheck and GET /api/v1/eth2/publicKeys.</summary>
internal sealed class StatusEndpoints(SignerOptions options, IValidatorDirectory validators)
{
    public static Task Upcheck(HttpContext context)
    {
        context.Response.ContentType = "text/plain; charset=utf-8";
        return context.Response.WriteAsync("OK");
    }

    public Task Healthcheck(HttpContext context)
    {
        var count = validators.PublicKeys().Count;
        context.Response.ContentType = "application/json";
        return context.Response.WriteAsync(
            $"{{\"status\":\"UP\",\"checks\":[{{\"id\":\"validators\",\"status\":\"UP\",\"count\":{count}}}],\"operator\":{options.LocalOperator.Value}}}");
    }

    public Task PublicKeys(HttpContext context)
    {
        var keys = validators.PublicKeys().Select(k => HexText.Encode(k.Span)).ToArray();
        context.Response.ContentType = "application/json";
        return context.Response.WriteAsync(JsonSerializer.Serialize(keys, ErrorBodyJson.Default.StringArray));
    }
}
