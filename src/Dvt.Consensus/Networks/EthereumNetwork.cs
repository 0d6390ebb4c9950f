using Dvt.Consensus.Primitives;

namespace Dvt.Consensus.Networks;

/// <summary>
/// The constants of one beacon chain that a signer depends on: its preset, fork schedule (genesis fork version
/// through Fulu), genesis validators root and time, and the execution chain's deposit contract.
/// <see cref="GenesisValidatorsRoot"/> and <see cref="GenesisTime"/> are null when the source did not give them
/// (a consensus-spec config.yaml holds neither); <see cref="MissingForSigning"/> names what is still missing.
/// </summary>
public sealed record EthereumNetwork
{
    public required string Name { get; init; }

    public required ConsensusPreset Preset { get; init; }

    public required ForkSchedule Forks { get; init; }

    public Root? GenesisValidatorsRoot { get; init; }

    /// <summary>Unix seconds of slot 0.</summary>
    public ulong? GenesisTime { get; init; }

    public ulong SecondsPerSlot { get; init; } = 12;

    public ExecutionAddress? DepositContractAddress { get; init; }

    public ulong? DepositChainId { get; init; }

    public ForkVersion GenesisForkVersion => Forks.GenesisVersion;

    /// <summary>The names (as in a consensus-spec config) of the constants a signer needs that this network lacks.</summary>
    public IReadOnlyList<string> MissingForSigning()
    {
        var missing = new List<string>();
        if (GenesisValidatorsRoot is null)
            missing.Add("genesis validators root");
        if (GenesisTime is null)
            missing.Add("genesis time");
        return missing;
    }

    /// <summary>The epoch of unix time <paramref name="unixSeconds"/> (epoch 0 before genesis); null without a genesis time.</summary>
    public Epoch? EpochAtTime(ulong unixSeconds) => GenesisTime is not { } genesis
        ? null
        : new Epoch(unixSeconds <= genesis ? 0 : (unixSeconds - genesis) / SecondsPerSlot / Preset.SlotsPerEpoch);
}
