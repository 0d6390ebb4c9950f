using Dvt.Consensus.Primitives;

namespace Dvt.SlashingProtection;

/// <summary>
/// The 32-byte root that a signature commits to (hash_tree_root of SigningData). Two requests are
/// the same message only when their signing roots are equal and known: the all-zero root stands
/// for "unknown" (EIP-3076 makes signing_root optional), so it never counts as a repeat.
/// </summary>
public readonly record struct SigningRoot
{
    public const int Length = 32;

    private readonly byte[]? _bytes;

    public SigningRoot(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length != Length)
            throw new ArgumentException($"a signing root is {Length} bytes, got {bytes.Length}", nameof(bytes));
        _bytes = bytes.ToArray();
    }

    /// <summary>The all-zero root: no root known.</summary>
    public static SigningRoot Zero => default;

    public static SigningRoot Parse(string hex) => new(Hex.DecodeFixed(hex, Length, "signing root"));

    public bool IsZero => _bytes is null || _bytes.AsSpan().IndexOfAnyExcept((byte)0) < 0;

    public ReadOnlySpan<byte> AsSpan() => _bytes ?? new byte[Length];

    public bool Equals(SigningRoot other) => AsSpan().SequenceEqual(other.AsSpan());

    public override int GetHashCode() => IsZero ? 0 : BitConverter.ToInt32(_bytes!, 0);

    public override string ToString() => Hex.Encode(AsSpan());
}
