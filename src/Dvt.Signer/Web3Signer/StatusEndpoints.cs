using System.Text.Json;
using System.Text.Json.Nodes;
using Dvt.Consensus.Primitives;
using Dvt.Signer.Health;
using Dvt.Signer.Directory;
using Dvt.Signer.Http;
using Microsoft.AspNetCore.Http;

namespace Dvt.Signer.Web3Signer;

/// <summary>
/// GET /upcheck, GET /healthcheck and GET /api/v1/eth2/publicKeys. /healthcheck is 200 "UP" while every check is up,
/// else 503 "DEGRADED" with each check that is down named and explained (signing itself may still work: it needs
/// neither the RPC node nor the beacon node).
/// </summary>
internal sealed class StatusEndpoints(SignerOptions options, IValidatorDirectory validators, IHealthChecks? hostChecks)
{
    public static Task Upcheck(HttpContext context)
    {
        context.Response.ContentType = "text/plain; charset=utf-8";
        return context.Response.WriteAsync("OK");
    }

    public Task Healthcheck(HttpContext context)
    {
        var report = Report();
        context.Response.StatusCode = report["status"]!.GetValue<string>() == "UP" ? StatusCodes.Status200OK : StatusCodes.Status503ServiceUnavailable;
        context.Response.ContentType = "application/json";
        return context.Response.WriteAsync(report.ToJsonString());
    }

    /// <summary>The /healthcheck body: {"status":"UP"|"DEGRADED","checks":[{"id","status","count"|"detail"}],"operator":id}.</summary>
    public JsonObject Report()
    {
        var checks = new JsonArray(new JsonObject { ["id"] = "validators", ["status"] = "UP", ["count"] = validators.PublicKeys().Count });
        var up = true;
        foreach (var check in hostChecks?.Current() ?? [])
        {
            up &= check.Up;
            var entry = new JsonObject { ["id"] = check.Id, ["status"] = check.Up ? "UP" : "DOWN" };
            if (check.Detail is not null)
                entry["detail"] = check.Detail;
            checks.Add(entry);
        }
        return new JsonObject { ["status"] = up ? "UP" : "DEGRADED", ["checks"] = checks, ["operator"] = options.LocalOperator.Value };
    }

    public Task PublicKeys(HttpContext context)
    {
        var keys = validators.PublicKeys().Select(k => Hex.Encode(k.Span)).ToArray();
        context.Response.ContentType = "application/json";
        return context.Response.WriteAsync(JsonSerializer.Serialize(keys, ErrorBodyJson.Default.StringArray));
    }
}
