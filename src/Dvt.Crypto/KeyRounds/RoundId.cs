using Dvt.Crypto.ShareEncryption;

namespace Dvt.Crypto.KeyRounds;

/// <summary>Which round of which validator on which chain and registry: what encrypted shares are bound to.</summary>
public sealed record RoundId
{
    private readonly byte[] _registry;

    public RoundId(ulong chainId, ReadOnlySpan<byte> registryAddress, ulong validatorId, uint round)
    {
        if (registryAddress.Length != ShareAssociatedData.RegistryAddressLength)
            throw new ArgumentException($"registry address is {ShareAssociatedData.RegistryAddressLength} bytes, got {registryAddress.Length}", nameof(registryAddress));
        if (validatorId == 0)
            throw new ArgumentOutOfRangeException(nameof(validatorId), "validator ids start at 1");
        if (round == 0)
            throw new ArgumentOutOfRangeException(nameof(round), "round numbers start at 1");
        ChainId = chainId;
        _registry = registryAddress.ToArray();
        ValidatorId = validatorId;
        Round = round;
    }

    public ulong ChainId { get; }

    public ReadOnlySpan<byte> RegistryAddress => _registry;

    public ulong ValidatorId { get; }

    public uint Round { get; }

    /// <summary>The associated data of the share from a dealer to a receiver at an index (0 = DKG escrow).</summary>
    public byte[] AssociatedData(ulong dealerOperatorId, ulong receiverOperatorId, byte shareIndex)
        => ShareAssociatedData.Build(ChainId, _registry, ValidatorId, Round, dealerOperatorId, receiverOperatorId, shareIndex);

    public bool Equals(RoundId? other) => other is not null && ChainId == other.ChainId && _registry.AsSpan().SequenceEqual(other._registry)
        && ValidatorId == other.ValidatorId && Round == other.Round;

    public override int GetHashCode() => HashCode.Combine(ChainId, ValidatorId, Round);

    public override string ToString() => $"validator {ValidatorId} round {Round} (chain {ChainId}, registry 0x{Convert.ToHexStringLower(_registry)})";
}
