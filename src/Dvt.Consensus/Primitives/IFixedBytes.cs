namespace Dvt.Consensus.Primitives;

/// <summary>A fixed-length byte string (SSZ ByteVector[N]) whose length is checked on construction.</summary>
public interface IFixedBytes<TSelf> where TSelf : struct, IFixedBytes<TSelf>
{
    /// <summary>The one length every value of this type has.</summary>
    static abstract int Length { get; }

    /// <summary>Copies <paramref name="bytes"/>; throws <see cref="ArgumentException"/> unless its length is <see cref="Length"/>.</summary>
    static abstract TSelf FromBytes(ReadOnlySpan<byte> bytes);

    /// <summary>Parses 0x-prefixed (or bare) hex of exactly <see cref="Length"/> bytes.</summary>
    static abstract TSelf Parse(string hex);

    ReadOnlySpan<byte> AsSpan();
}
