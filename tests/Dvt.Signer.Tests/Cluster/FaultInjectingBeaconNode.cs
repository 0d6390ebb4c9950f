using System.Globalization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Dvt.Signer.Tests.Cluster;

/// <summary>
/// A beacon node that injects one fault: every holder's node sees a different head. It answers only the calls duty
/// consensus makes for attestations (attestation_data) and sync-committee messages (blocks/head/root): the same source
/// and target checkpoints for everyone, but a head block root of its own (<see cref="HeadRoot"/>). Slots at or above
/// <see cref="SilentFromSlot"/> get 503, as from a node that cannot serve them, so nothing can be decided there.
/// </summary>
public sealed class FaultInjectingBeaconNode : IAsyncDisposable
{
    public const ulong SilentFromSlot = 1_000;

    /// <summary>The target root every node agrees on (a checkpoint is not where heads differ).</summary>
    public static readonly string TargetRoot = "0x" + new string('7', 64);

    public static readonly string SourceRoot = "0x" + new string('1', 64);

    private readonly WebApplication _app;

    private FaultInjectingBeaconNode(WebApplication app, Uri url, string headRoot)
    {
        _app = app;
        Url = url;
        HeadRoot = headRoot;
    }

    public Uri Url { get; }

    public string HeadRoot { get; }

    public static async Task<FaultInjectingBeaconNode> StartAsync(int variant)
    {
        var headRoot = "0x" + variant.ToString("x2", CultureInfo.InvariantCulture).PadLeft(64, 'c');
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        app.MapGet("/eth/v1/validator/attestation_data", (HttpContext context) =>
        {
            var slot = ulong.Parse(context.Request.Query["slot"]!, CultureInfo.InvariantCulture);
            var index = context.Request.Query["committee_index"].ToString();
            if (slot >= SilentFromSlot)
                return Results.StatusCode(503);
            var epoch = slot / 8; // minimal preset
            return Results.Text(
                $"{{\"data\":{{\"slot\":\"{slot}\",\"index\":\"{index}\",\"beacon_block_root\":\"{headRoot}\","
                + $"\"source\":{{\"epoch\":\"{epoch - 1}\",\"root\":\"{SourceRoot}\"}},\"target\":{{\"epoch\":\"{epoch}\",\"root\":\"{TargetRoot}\"}}}}}}",
                "application/json");
        });
        app.MapGet("/eth/v1/beacon/blocks/head/root", () => Results.Text($"{{\"data\":{{\"root\":\"{headRoot}\"}}}}", "application/json"));
        await app.StartAsync();
        var url = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single());
        return new FaultInjectingBeaconNode(app, url, headRoot);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
