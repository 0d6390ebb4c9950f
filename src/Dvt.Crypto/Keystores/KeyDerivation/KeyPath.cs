using System.Globalization;

namespace Dvt.Crypto.Keystores.KeyDerivation;

/// <summary>An EIP-2334 key path such as m/12381/3600/0/0/0: "m" then uint32 child indices.</summary>
public sealed record KeyPath
{
    public const uint Purpose = 12381;
    public const uint EthereumCoinType = 3600;

    private readonly uint[] _indices;

    private KeyPath(uint[] indices) => _indices = indices;

    public IReadOnlyList<uint> Indices => _indices;

    /// <summary>m/12381/3600/<paramref name="validatorIndex"/>/0/0: the validator's signing key (EIP-2334).</summary>
    public static KeyPath ValidatorSigning(uint validatorIndex) => new([Purpose, EthereumCoinType, validatorIndex, 0, 0]);

    /// <summary>m/12381/3600/<paramref name="validatorIndex"/>/0: the validator's BLS withdrawal key (EIP-2334).</summary>
    public static KeyPath ValidatorWithdrawal(uint validatorIndex) => new([Purpose, EthereumCoinType, validatorIndex, 0]);

    public static KeyPath Parse(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var parts = path.Split('/');
        if (parts[0] != "m")
            throw new FormatException($"key path '{path}' must start with \"m\"");
        var indices = new uint[parts.Length - 1];
        for (var i = 1; i < parts.Length; i++)
        {
            var part = parts[i];
            if (part.Length == 0 || !part.All(char.IsAsciiDigit)
                || !uint.TryParse(part, NumberStyles.None, CultureInfo.InvariantCulture, out indices[i - 1]))
                throw new FormatException($"key path '{path}': segment {i} ('{part}') is not an index in 0..{uint.MaxValue}");
        }
        return new KeyPath(indices);
    }

    public bool Equals(KeyPath? other) => other is not null && _indices.AsSpan().SequenceEqual(other._indices);

    public override int GetHashCode() => HashCode.Combine(_indices.Length, _indices.Length > 2 ? _indices[2] : 0);

    public override string ToString() => string.Join('/', _indices.Select(i => i.ToString(CultureInfo.InvariantCulture)).Prepend("m"));
}
