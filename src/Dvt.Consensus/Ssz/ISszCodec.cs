namespace Dvt.Consensus.Ssz;

/// <summary>An SSZ type whose decoding needs nothing but the bytes (no preset-dependent lengths).</summary>
public interface ISszCodec<TSelf> : ISszValue where TSelf : ISszCodec<TSelf>
{
    /// <summary>Decodes exactly one value from all of <paramref name="ssz"/>; throws <see cref="SszDecodingException"/>.</summary>
    static abstract TSelf Decode(ReadOnlySpan<byte> ssz);
}
