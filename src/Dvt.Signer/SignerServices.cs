using System.Net;
using Dvt.Consensus.Signing;
using Dvt.ContractBindings.Signing;
using Dvt.Signer.Directory;
using Dvt.Signer.Duties;
using Dvt.Signer.Lifecycle;
using Dvt.Signer.Health;
using Dvt.Signer.Observability;
using Dvt.Signer.Peer;
using Dvt.Signer.Signing;
using Dvt.Signer.Web3Signer;
using Dvt.SlashingProtection;
using Microsoft.Extensions.Logging;

namespace Dvt.Signer;

/// <summary>
/// The signer's parts, wired once by the hosting coordinator: its directories and keys (kept current from the
/// chain), its slashing protection store (SQLite or PostgreSQL, owned by the host), the lifecycle authority (the
/// registry's state that deposits, exits and builder registrations are checked against), its operator key for peer
/// requests. Owns the pooled HttpClient to the other operators; the store and keys stay the host's.
/// </summary>
public sealed class SignerServices : IDisposable
{
    private readonly HttpClient _http;
    private readonly PeerRequestSigner _requestSigner;
    private readonly PartialAudit _audit;

    /// <summary>How long the audit of unused partials gathers before checking them together (off the signing path).</summary>
    private static readonly TimeSpan PartialAuditDelay = TimeSpan.FromSeconds(2);

    public SignerServices(
        SignerOptions options,
        IValidatorDirectory validators,
        IOperatorDirectory operators,
        ISigningKeys keys,
        ISlashingProtectionStore slashingProtection,
        ILifecycleAuthority lifecycleAuthority,
        EthereumPrivateKey operatorKey,
        ILoggerFactory loggerFactory,
        HttpMessageHandler? peerHandler = null,
        TimeProvider? time = null,
        IHealthChecks? hostHealth = null,
        IDutyDataGate? dutyData = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(validators);
        ArgumentNullException.ThrowIfNull(operators);
        ArgumentNullException.ThrowIfNull(keys);
        ArgumentNullException.ThrowIfNull(slashingProtection);
        ArgumentNullException.ThrowIfNull(lifecycleAuthority);
        ArgumentNullException.ThrowIfNull(operatorKey);
        ArgumentNullException.ThrowIfNull(loggerFactory);
        time ??= TimeProvider.System;
        dutyData ??= NoDutyConsensus.Instance;
        Options = options;
        Validators = validators;
        Metrics = new SignerMetrics();
        _http = new HttpClient(peerHandler ?? DefaultPeerHandler(), disposeHandler: true)
        {
            Timeout = Timeout.InfiniteTimeSpan, // each request carries its duty's deadline instead
            DefaultRequestVersion = HttpVersion.Version11,
        };

        var roots = options.Network is { } network ? SigningRoots.For(network) : new SigningRoots(options.Preset, options.GenesisForkVersion);
        var guard = new SlashingGuard(slashingProtection);
        var lifecycle = new LifecycleRules(lifecycleAuthority, options.GenesisForkVersion, options.RegistrationGasLimits);
        var shareSigner = new ShareSigner(options.LocalOperator, keys, lifecycle, dutyData, guard, new HashedRoots(), Metrics);
        _requestSigner = new PeerRequestSigner(options.LocalOperator, operatorKey, time);
        var pushes = new PartialPushQueue(new PartialSignatureClient(_http, operators), _requestSigner, Metrics, maxBatchBytes: options.MaxRequestBodyBytes / 2);
        // The exchange, combine and serve stages of DutyPipeline.cs, around the gate the host gives (dutyData).
        var combiner = new VerifiedThresholdCombiner(new BatchingSignatureVerifier());
        var failures = new PartialFailureReport(Metrics, loggerFactory.CreateLogger<ThresholdSigner>());
        _audit = new PartialAudit(failures, PartialAuditDelay);
        var threshold = new ThresholdSigner(options, shareSigner, pushes, combiner,
            new PartialExchanges(options.ExchangeRetention, combiner, _audit), failures, Metrics, loggerFactory.CreateLogger<ThresholdSigner>());
        Signer = new ValidatorSigner(options, keys, threshold, new CombinedSignatureCache(), new FullKeySigner(lifecycle, dutyData, guard, Metrics), Metrics, loggerFactory.CreateLogger<ValidatorSigner>());
        var parsedRequests = new ParsedSignRequests(options.Preset, roots);
        Sign = new SignEndpoint(options, validators, Signer, parsedRequests, Metrics, loggerFactory.CreateLogger<SignEndpoint>());
        Status = new StatusEndpoints(options, validators, hostHealth);
        var authenticator = new PeerRequestAuthenticator(options.LocalOperator, operators, time, options.PeerClockSkew);
        PartialSignatures = new PartialSignatureEndpoint(options, validators, authenticator, threshold, parsedRequests, Metrics,
            loggerFactory.CreateLogger<PartialSignatureEndpoint>());
        PartialSignatureBatches = new PartialSignatureBatchEndpoint(PartialSignatures, Metrics);
    }

    public SignerOptions Options { get; }

    public IValidatorDirectory Validators { get; }

    /// <summary>The signer's Prometheus registry and collectors.</summary>
    public SignerMetrics Metrics { get; }

    /// <summary>The signing pipeline itself (solo, threshold, recovery), for in-process callers such as deposit and exit duties.</summary>
    public ValidatorSigner Signer { get; }

    internal SignEndpoint Sign { get; }

    internal StatusEndpoints Status { get; }

    /// <summary>What GET /healthcheck answers now (the dashboard shows the same).</summary>
    public System.Text.Json.Nodes.JsonObject HealthReport() => Status.Report();

    internal PartialSignatureEndpoint PartialSignatures { get; }

    internal PartialSignatureBatchEndpoint PartialSignatureBatches { get; }

    public void Dispose()
    {
        _audit.Dispose();
        _http.Dispose();
        _requestSigner.Dispose();
    }

    /// <summary>Keep-alive connections pooled per peer; a short connect timeout so an unreachable peer fails fast.</summary>
    private static SocketsHttpHandler DefaultPeerHandler() => new()
    {
        PooledConnectionIdleTimeout = TimeSpan.FromMinutes(2),
        PooledConnectionLifetime = TimeSpan.FromMinutes(10),
        MaxConnectionsPerServer = 64,
        ConnectTimeout = TimeSpan.FromSeconds(1),
        UseProxy = false,
        AutomaticDecompression = DecompressionMethods.None,
    };
}
