using Dvt.ContractBindings.Signing;
using Dvt.Duties.Beacon;
using Dvt.Duties.Consensus;
using Dvt.Duties.Gate;
using Dvt.Qbft.Engine;
using Dvt.Qbft.RegistryKeys;
using Dvt.Signer.Directory;
using Dvt.Signer.Duties;
using Dvt.Signer.Peer;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using QbftOperatorId = Dvt.Consensus.Primitives.OperatorId;
using Dvt.Signer;

namespace Dvt.Duties;

/// <summary>
/// Duty consensus as the coordinator hosts it, wired once: QBFT messages signed with the operator's registered key
/// and checked against the registry's addresses, sent and received over the authenticated peer API; the beacon-node
/// middleware on the validator-client listener; the gate the signer asks before every partial of duty data.
/// </summary>
public sealed class DutyServices : IAsyncDisposable
{
    private readonly HttpClient _http;
    private readonly HttpClient _beaconHttp;
    private readonly PeerRequestSigner _requestSigner;
    private readonly OperatorKeyMessageSigner _messageSigner;
    private readonly RegisteredAddressMessageVerifier _verifier;
    private readonly QbftPeerEndpoint _peerEndpoint;
    private readonly BeaconNodeMiddleware _middleware;
    private readonly SlotDutyScheduler _scheduler;

    public DutyServices(
        Dvt.Consensus.Primitives.OperatorId localOperator, EthereumPrivateKey operatorKey, IValidatorDirectory validators, IOperatorDirectory operators,
        Dvt.Consensus.ConsensusPreset preset, Uri beaconNodeUrl, TimeSpan decisionTimeout, QbftOptions qbftOptions, ILoggerFactory loggerFactory,
        TimeProvider? time = null)
    {
        time ??= TimeProvider.System;
        _http = new HttpClient(new SocketsHttpHandler { ConnectTimeout = TimeSpan.FromSeconds(1), UseProxy = false, MaxConnectionsPerServer = 64 })
        {
            Timeout = Timeout.InfiniteTimeSpan,
        };
        _beaconHttp = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        _requestSigner = new PeerRequestSigner(localOperator, operatorKey, time);
        _messageSigner = new OperatorKeyMessageSigner(new QbftOperatorId(localOperator.Value), operatorKey);
        _verifier = new RegisteredAddressMessageVerifier(id =>
            operators.Find(new Dvt.Consensus.Primitives.OperatorId(id.Value)) is { Active: true } peer ? peer.Owner : null);
        var holderSets = new SigningDirectoryHolderSets(validators, localOperator);
        BeaconNode = new OwnBeaconNode(beaconNodeUrl, _beaconHttp);
        Consensus = new DutyConsensus(_messageSigner, _verifier, holderSets, preset, BeaconNode,
            new HttpQbftTransport(_http, operators, _requestSigner, loggerFactory.CreateLogger<HttpQbftTransport>()),
            qbftOptions, loggerFactory.CreateLogger<DutyConsensus>());
        Gate = new DecidedValueGate(Consensus, decisionTimeout);
        _peerEndpoint = new QbftPeerEndpoint(new PeerRequestAuthenticator(localOperator, operators, time, TimeSpan.FromSeconds(30)), Consensus,
            loggerFactory.CreateLogger<QbftPeerEndpoint>());
        _scheduler = new SlotDutyScheduler(BeaconNode, holderSets, loggerFactory.CreateLogger<SlotDutyScheduler>());
        _scheduler.Subscribe(async (instance, ct) =>
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
            timeout.CancelAfter(decisionTimeout);
            await Consensus.DecideAsync(instance, null, timeout.Token).ConfigureAwait(false);
        });
        _scheduler.Start();
        _middleware = new BeaconNodeMiddleware(BeaconNode, Consensus, holderSets, validators, decisionTimeout,
            loggerFactory.CreateLogger<BeaconNodeMiddleware>(), preset);
    }

    public DutyConsensus Consensus { get; }

    public OwnBeaconNode BeaconNode { get; }

    /// <summary>Give it to the signer (SignerServices' dutyData): partials for duty data only as decided.</summary>
    public IDutyDataGate Gate { get; }

    /// <summary>Services the validator-client app needs (Yarp's forwarder); call before building it.</summary>
    public static void AddValidatorClientServices(IServiceCollection services) => services.AddHttpForwarder();

    /// <summary>The public listener: the QBFT peer route.</summary>
    public void MapPeerApi(IEndpointRouteBuilder app) => app.MapPost(QbftPeerMessages.Path, _peerEndpoint.HandleAsync);

    /// <summary>The validator-client listener: the beacon-node API (decided data; everything else forwarded).</summary>
    public void MapValidatorClientApi(IEndpointRouteBuilder app) => _middleware.Map(app);

    public async ValueTask DisposeAsync()
    {
        await _scheduler.DisposeAsync().ConfigureAwait(false);
        await Consensus.DisposeAsync().ConfigureAwait(false);
        _http.Dispose();
        _beaconHttp.Dispose();
        _requestSigner.Dispose();
        _messageSigner.Dispose();
        _verifier.Dispose();
    }
}
