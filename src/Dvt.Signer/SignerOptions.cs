using Dvt.Consensus;
using Dvt.Consensus.Networks;
using Dvt.Consensus.Primitives;
using Dvt.Consensus.Signing.Web3Signer;
using Dvt.Signer.Directory;

namespace Dvt.Signer;

/// <summary>How this coordinator's signer behaves; every value has a safe default except who we are.</summary>
public sealed record SignerOptions
{
    public SignerOptions(OperatorId localOperator, ConsensusPreset preset, ForkVersion genesisForkVersion)
    {
        LocalOperator = localOperator;
        Preset = preset ?? throw new ArgumentNullException(nameof(preset));
        GenesisForkVersion = genesisForkVersion;
    }

    /// <summary>This coordinator's operator id: the id it signs peer requests as, and the owner id that allows the recovery key.</summary>
    public OperatorId LocalOperator { get; }

    public ConsensusPreset Preset { get; }

    /// <summary>The chain's GENESIS_FORK_VERSION, which builder registrations are signed under.</summary>
    public ForkVersion GenesisForkVersion { get; }

    /// <summary>
    /// The chain signed for: its fork schedule decides the voluntary exit's domain (EIP-7044). A host always sets it;
    /// null leaves exits under the request's fork_info.
    /// </summary>
    public EthereumNetwork? Network { get; init; }

    /// <summary>How long the asker waits for partial signatures before it decides (threshold, recovery or failure).</summary>
    public TimeSpan PartialDeadline { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>Per-type deadlines overriding <see cref="PartialDeadline"/> (e.g. longer for blocks).</summary>
    public IReadOnlyDictionary<SignRequestType, TimeSpan> PartialDeadlineByType { get; init; } = new Dictionary<SignRequestType, TimeSpan>();

    /// <summary>How long this holder keeps the partials of one (validator, signing root) for clients and holders still asking (a duty's root is signed within its slot or the next).</summary>
    public TimeSpan ExchangeRetention { get; init; } = TimeSpan.FromMinutes(3);

    /// <summary>Whether the owner's recovery key may sign when fewer than t partials arrive (still only under the f+1 quorum rule).</summary>
    public bool RecoveryKeyEnabled { get; init; } = true;

    /// <summary>The largest request body either API reads (a full altair block with every operation is well under 1 MiB).</summary>
    public int MaxRequestBodyBytes { get; init; } = 2 * 1024 * 1024;

    /// <summary>How long a client may take to send a request body.</summary>
    public TimeSpan RequestBodyTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>How far a peer request's time may be from ours (either way).</summary>
    public TimeSpan PeerClockSkew { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Whether <see cref="SignerEndpoints.MapValidatorClientApi"/> also serves GET /metrics from the signer's registry.</summary>
    public bool MapMetricsEndpoint { get; init; } = true;

    /// <summary>The gas limits a VALIDATOR_REGISTRATION may carry.</summary>
    public Lifecycle.GasLimitBounds RegistrationGasLimits { get; init; } = Lifecycle.GasLimitBounds.Default;

    public TimeSpan DeadlineFor(SignRequestType type)
        => PartialDeadlineByType.TryGetValue(type, out var deadline) ? deadline : PartialDeadline;
}
