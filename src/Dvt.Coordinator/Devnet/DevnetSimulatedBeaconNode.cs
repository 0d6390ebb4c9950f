using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Text.Json;
using Dvt.Consensus.Containers;
using Dvt.Consensus.Networks;
using Dvt.Consensus.Primitives;
using Dvt.Consensus.Signing;
using Dvt.Crypto.Bls;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Dvt.Coordinator.Devnet;

/// <summary>
/// A SIMULATED beacon node for the devnet and tests, which have no beacon chain: it answers only the two Beacon API
/// calls a coordinator makes for exits. GET /eth/v1/beacon/states/head/validators/{pubkey} gives every key an index
/// on first sight and its status; POST /eth/v1/beacon/pool/voluntary_exits accepts an exit only if its signature
/// verifies under the validator's key and the domain the beacon chain uses (EIP-7044 on this network), then reports
/// the validator active_exiting and, after <see cref="ExitDelay"/>, exited_unslashed. Never part of a production
/// config: only the devnet and tests start it.
/// </summary>
public sealed class DevnetSimulatedBeaconNode : IAsyncDisposable
{
    private readonly WebApplication app;
    private readonly EthereumNetwork network;
    private readonly ConcurrentDictionary<string, ulong> indexByKey = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<ulong, string> keyByIndex = new();
    private readonly ConcurrentDictionary<ulong, DateTimeOffset> exitedAt = new();
    private readonly ConcurrentQueue<string> refused = new();
    private long nextIndex;

    private DevnetSimulatedBeaconNode(WebApplication app, EthereumNetwork network)
    {
        this.app = app;
        this.network = network;
    }

    public Uri Url { get; private set; } = null!;

    /// <summary>How long an accepted exit stays active_exiting (the exit queue) before the validator is exited_unslashed.</summary>
    public TimeSpan ExitDelay { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>While false, accepted exits stay active_exiting (a test holds the exit queue).</summary>
    public bool ExitQueueMoves { get; set; } = true;

    /// <summary>Validator indices whose exit was accepted.</summary>
    public IReadOnlyCollection<ulong> AcceptedExits => exitedAt.Keys.ToArray();

    /// <summary>Why exits were refused (bad signature, unknown index), newest last.</summary>
    public IReadOnlyCollection<string> RefusedExits => refused.ToArray();

    /// <summary>How many validator look-ups it answered.</summary>
    public long Lookups => Interlocked.Read(ref lookups);

    private long lookups;

    public static async Task<DevnetSimulatedBeaconNode> StartAsync(EthereumNetwork network, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(network);
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        var node = new DevnetSimulatedBeaconNode(app, network);
        node.Map(); // before the start: routes mapped later are not served
        await app.StartAsync(ct).ConfigureAwait(false);
        node.Url = new Uri(app.Urls.First());
        return node;
    }

    private void Map()
    {
        // What a coordinator's health probe asks of its beacon node.
        app.MapGet("/eth/v1/node/version", () => Results.Json(new { data = new { version = "dvt-devnet-simulated-beacon-node" } }));
        app.MapGet("/eth/v1/beacon/states/head/validators/{id}", (string id) =>
        {
            Interlocked.Increment(ref lookups);
            if (!TryKey(id, out var key))
                return Results.Json(new { code = 400, message = $"'{id}' is not a 48-byte 0x-hex public key" }, statusCode: 400);
            var index = indexByKey.GetOrAdd(key, k =>
            {
                var assigned = (ulong)(Interlocked.Increment(ref nextIndex) - 1);
                keyByIndex[assigned] = k;
                return assigned;
            });
            return Results.Json(new
            {
                execution_optimistic = false,
                finalized = false,
                data = new { index = index.ToString(CultureInfo.InvariantCulture), status = StatusOf(index), validator = new { pubkey = key } },
            });
        });
        app.MapPost("/eth/v1/beacon/pool/voluntary_exits", async (HttpRequest request) =>
        {
            string? problem;
            try
            {
                using var document = await JsonDocument.ParseAsync(request.Body).ConfigureAwait(false);
                problem = Accept(document.RootElement);
            }
            catch (JsonException e)
            {
                problem = $"not JSON: {e.Message}";
            }
            if (problem is null)
                return Results.Ok();
            refused.Enqueue(problem);
            return Results.Json(new { code = 400, message = problem }, statusCode: 400);
        });
    }

    private string StatusOf(ulong index) => exitedAt.TryGetValue(index, out var at)
        ? ExitQueueMoves && DateTimeOffset.UtcNow - at >= ExitDelay ? "exited_unslashed" : "active_exiting"
        : "active_ongoing";

    private string? Accept(JsonElement body)
    {
        try
        {
            var message = body.GetProperty("message");
            var epoch = ulong.Parse(message.GetProperty("epoch").GetString()!, NumberStyles.None, CultureInfo.InvariantCulture);
            var index = ulong.Parse(message.GetProperty("validator_index").GetString()!, NumberStyles.None, CultureInfo.InvariantCulture);
            var signatureHex = body.GetProperty("signature").GetString()!;
            if (!keyByIndex.TryGetValue(index, out var key))
                return $"validator index {index} is unknown";
            // The domain the beacon chain verifies against: this network's rule at the current epoch (EIP-7044 from Deneb on).
            var current = network.Forks.ActiveAt(network.EpochAtTime((ulong)DateTimeOffset.UtcNow.ToUnixTimeSeconds()) ?? new Epoch(0));
            var forkInfo = new ForkInfo(new Fork(current.Version, current.Version, current.Epoch ?? new Epoch(0)), network.GenesisValidatorsRoot!.Value);
            var root = SigningRoots.For(network).VoluntaryExit(forkInfo, new VoluntaryExit(new Epoch(epoch), new ValidatorIndex(index)));
            var signature = BlsSignature.Decode(Convert.FromHexString(signatureHex.AsSpan(2)));
            if (!BlsPublicKey.Decode(Convert.FromHexString(key.AsSpan(2))).Verify(root.AsSpan(), signature))
                return $"the signature of validator {index}'s exit does not verify under the voluntary exit domain of {network.Name}";
            exitedAt.TryAdd(index, DateTimeOffset.UtcNow);
            return null;
        }
        catch (Exception e) // anything a malformed body or key throws is a refusal, as a beacon node would answer 400
        {
            return $"not a SignedVoluntaryExit: {e.Message}";
        }
    }

    private static bool TryKey(string id, out string key)
    {
        key = id.ToLowerInvariant();
        return key.Length == 2 + 96 && key.StartsWith("0x", StringComparison.Ordinal) && key.AsSpan(2).ContainsAnyExcept("0123456789abcdef") == false;
    }

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync().ConfigureAwait(false);
        await app.DisposeAsync().ConfigureAwait(false);
    }
}
