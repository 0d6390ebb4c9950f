using Dvt.Consensus.Primitives;
using System.Net.Http.Headers;
using System.Text;
using Dvt.ContractBindings.Signing;
using Dvt.Signer.Directory;
using Dvt.SlashingProtection.Storage;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Dvt.Signer.Tests.Cluster;

/// <summary>
/// One operator's coordinator as far as signing goes: its own two Kestrel apps on loopback ports (the public peer
/// listener at <see cref="Endpoint"/>, the validator-client listener at <see cref="ValidatorClientEndpoint"/>), its own SQLite slashing
/// database, its own keys and Ethereum key, and a <see cref="PartitionFaultHandler"/> on its outgoing peer requests.
/// </summary>
public sealed class SignerNode : IAsyncDisposable
{
    private static readonly HttpClient ValidatorClient = new(new SocketsHttpHandler { MaxConnectionsPerServer = 256 }) { Timeout = TimeSpan.FromSeconds(60) };

    private SignerNode(OperatorId id, EthereumPrivateKey ethereumKey, InMemorySigningKeys keys, StaticValidatorDirectory validators,
        SqliteSlashingProtectionStore store, StaticLifecycleAuthority lifecycle, SignerServices services, WebApplication app, Uri endpoint, WebApplication validatorClientApp,
        Uri validatorClientEndpoint, PartitionFaultHandler partitions, RecordingLoggerProvider logs)
    {
        Id = id;
        EthereumKey = ethereumKey;
        Keys = keys;
        Validators = validators;
        Store = store;
        Lifecycle = lifecycle;
        Services = services;
        App = app;
        Endpoint = endpoint;
        ValidatorClientApp = validatorClientApp;
        ValidatorClientEndpoint = validatorClientEndpoint;
        Partitions = partitions;
        Logs = logs;
    }

    public OperatorId Id { get; }

    public EthereumPrivateKey EthereumKey { get; }

    public InMemorySigningKeys Keys { get; }

    public StaticValidatorDirectory Validators { get; }

    public SqliteSlashingProtectionStore Store { get; }

    /// <summary>This holder's view of the registry's lifecycle records (what deposits, exits and registrations are checked against).</summary>
    public StaticLifecycleAuthority Lifecycle { get; }

    public SignerServices Services { get; }

    /// <summary>The public listener: the peer API only.</summary>
    public WebApplication App { get; }

    /// <summary>The public (peer) listener's URL, the one an operator registers.</summary>
    public Uri Endpoint { get; }

    /// <summary>The validator-client listener: Web3Signer API, /healthcheck, /metrics.</summary>
    public WebApplication ValidatorClientApp { get; }

    public Uri ValidatorClientEndpoint { get; }

    public PartitionFaultHandler Partitions { get; }

    public RecordingLoggerProvider Logs { get; }

    public static async Task<SignerNode> StartAsync(
        SignerOptions options, InMemorySigningKeys keys, StaticValidatorDirectory validators, IOperatorDirectory operators,
        string databasePath, Dvt.SlashingProtection.GenesisValidatorsRoot genesisValidatorsRoot, bool recordLogs = true, Uri? beaconNodeUrl = null)
    {
        var ethereumKey = EthereumPrivateKey.Generate();
        var store = await SqliteSlashingProtectionStore.OpenAsync(databasePath, genesisValidatorsRoot);
        var logs = new RecordingLoggerProvider();
        var loggerFactory = LoggerFactory.Create(b =>
        {
            if (recordLogs)
                b.AddProvider(logs);
        });
        var partitions = new PartitionFaultHandler(new SocketsHttpHandler { MaxConnectionsPerServer = 64, UseProxy = false, ConnectTimeout = TimeSpan.FromSeconds(1) });
        var lifecycle = new StaticLifecycleAuthority();
        // Duty consensus as the coordinator runs it, when the node has a beacon node: QBFT among the holders over the
        // peer listener, the beacon-node API on the validator-client listener, the gate before every partial.
        var duties = beaconNodeUrl is null
            ? null
            : new Dvt.Duties.DutyServices(options.LocalOperator, ethereumKey, validators, operators, options.Preset, beaconNodeUrl,
                TimeSpan.FromSeconds(3), new Dvt.Qbft.Engine.QbftOptions(), loggerFactory);
        var services = new SignerServices(options, validators, operators, keys, store, lifecycle, ethereumKey, loggerFactory, partitions,
            dutyData: duties?.Gate);

        var (app, address) = await StartAppAsync(a =>
        {
            SignerEndpoints.MapPeerApi(a, services);
            duties?.MapPeerApi(a);
        });
        var (validatorClientApp, validatorClientAddress) = await StartAppAsync(a =>
        {
            SignerEndpoints.MapValidatorClientApi(a, services);
            duties?.MapValidatorClientApi(a);
        }, forwarder: duties is not null);
        return new SignerNode(options.LocalOperator, ethereumKey, keys, validators, store, lifecycle, services, app, address, validatorClientApp,
            validatorClientAddress, partitions, logs) { Duties = duties };
    }

    /// <summary>Duty consensus, when the node was started with a beacon node.</summary>
    public Dvt.Duties.DutyServices? Duties { get; private init; }

    private static async Task<(WebApplication App, Uri Address)> StartAppAsync(Action<WebApplication> map, bool forwarder = false)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        if (forwarder)
            Dvt.Duties.DutyServices.AddValidatorClientServices(builder.Services);
        var app = builder.Build();
        map(app);
        await app.StartAsync();
        return (app, new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single()));
    }

    public OperatorPeer AsPeer(bool active = true) => new(Id, EthereumKey.Address, Endpoint, active);

    /// <summary>What a validator client does: POST the Web3Signer body for <paramref name="publicKeyHex"/>.</summary>
    public async Task<(int Status, string Body, string? ContentType)> SignAsync(string publicKeyHex, string body, string? accept = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(ValidatorClientEndpoint, $"/api/v1/eth2/sign/{publicKeyHex}"))
        {
            Content = new StringContent(body, Encoding.UTF8, "application/json"),
        };
        if (accept is not null)
            request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue(accept));
        using var response = await ValidatorClient.SendAsync(request);
        return ((int)response.StatusCode, await response.Content.ReadAsStringAsync(), response.Content.Headers.ContentType?.MediaType);
    }

    /// <summary>GET on the validator-client listener.</summary>
    public async Task<(int Status, string Body)> GetAsync(string path)
    {
        using var response = await ValidatorClient.GetAsync(new Uri(ValidatorClientEndpoint, path));
        return ((int)response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    public async Task<(int Status, string Body)> SendRawAsync(HttpRequestMessage request)
    {
        using var response = await ValidatorClient.SendAsync(request);
        return ((int)response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    public async ValueTask DisposeAsync()
    {
        await App.StopAsync();
        await App.DisposeAsync();
        await ValidatorClientApp.StopAsync();
        await ValidatorClientApp.DisposeAsync();
        Services.Dispose();
        if (Duties is not null)
            await Duties.DisposeAsync();
        await Store.DisposeAsync();
        EthereumKey.Dispose();
    }
}
