using Dvt.Consensus.Primitives;

namespace Dvt.SlashingProtection;

/// <summary>The chain's genesis_validators_root: a store and every interchange file belong to exactly one chain.</summary>
public readonly record struct GenesisValidatorsRoot
{
    public const int Length = 32;

    private readonly byte[]? _bytes;

    public GenesisValidatorsRoot(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length != Length)
            throw new ArgumentException($"a genesis validators root is {Length} bytes, got {bytes.Length}", nameof(bytes));
        _bytes = bytes.ToArray();
    }

    public static GenesisValidatorsRoot Parse(string hex) => new(Hex.DecodeFixed(hex, Length, "genesis validators root"));

    public ReadOnlySpan<byte> AsSpan() => _bytes ?? new byte[Length];

    public bool Equals(GenesisValidatorsRoot other) => AsSpan().SequenceEqual(other.AsSpan());

    public override int GetHashCode() => _bytes is null ? 0 : BitConverter.ToInt32(_bytes, 0);

    public override string ToString() => Hex.Encode(AsSpan());
}
