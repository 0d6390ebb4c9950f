using Dvt.ContractBindings.Signing;
using Nethereum.Model;

namespace Dvt.ContractBindings.Transactions;

/// <summary>
/// A type-2 (EIP-1559) transaction with our value types. Nethereum's <see cref="Transaction1559"/> does the RLP and
/// the signing hash; the key signs through <see cref="EthereumPrivateKey"/> so the secret leaves it only for that.
/// Access lists are always empty here (the registry does not benefit from them).
/// </summary>
public sealed record Eip1559Transaction(
    ulong ChainId,
    ulong Nonce,
    UInt256 MaxPriorityFeePerGas,
    UInt256 MaxFeePerGas,
    ulong GasLimit,
    Address? To,
    UInt256 Value,
    byte[] Data)
{
    public const byte TypeByte = 0x02;

    public byte[] SigningHash() => ToNethereum().RawHash;

    public SignedTransaction Sign(EthereumPrivateKey key)
    {
        var signature = key.Sign(SigningHash());
        var tx = ToNethereum();
        tx.SetSignature(new Signature(signature.R.ToMinimalBigEndian(), signature.S.ToMinimalBigEndian(), signature.YParity == 0 ? [] : [signature.YParity]));
        var raw = tx.GetRLPEncoded();
        return new SignedTransaction(this, signature, raw, Keccak256.HashToHash32(raw));
    }

    /// <summary>
    /// Decodes a signed raw type-2 transaction. Nethereum parses it; we then refuse anything whose canonical encoding
    /// differs from the input (so non-minimal integers or trailing bytes cannot give one transaction two encodings).
    /// </summary>
    public static SignedTransaction DecodeSigned(byte[] raw)
    {
        if (raw.Length == 0 || raw[0] != TypeByte)
            throw new TransactionFormatException($"not a type-2 transaction (first byte {(raw.Length == 0 ? "missing" : "0x" + raw[0].ToString("x2", System.Globalization.CultureInfo.InvariantCulture))})");
        Transaction1559 decoded;
        try
        {
            decoded = TransactionFactory.CreateTransaction(raw) as Transaction1559
                ?? throw new TransactionFormatException("not a type-2 transaction");
        }
        catch (Exception e) when (e is not TransactionFormatException and not OutOfMemoryException)
        {
            throw new TransactionFormatException($"not a valid type-2 transaction ({e.Message})", e);
        }
        if (decoded.AccessList is { Count: > 0 })
            throw new TransactionFormatException("accessList: non-empty access lists are not supported");
        if (decoded.Signature is null)
            throw new TransactionFormatException("the transaction is not signed");
        var toHex = decoded.ReceiverAddress;
        var tx = new Eip1559Transaction(
            ToUInt64(decoded.ChainId, "chainId"),
            ToUInt64(decoded.Nonce ?? 0, "nonce"),
            new UInt256(decoded.MaxPriorityFeePerGas ?? 0),
            new UInt256(decoded.MaxFeePerGas ?? 0),
            ToUInt64(decoded.GasLimit ?? 0, "gasLimit"),
            string.IsNullOrEmpty(toHex) || toHex == "0x" ? null : Address.Parse(toHex.ToLowerInvariant(), "to"),
            new UInt256(decoded.Amount ?? 0),
            string.IsNullOrEmpty(decoded.Data) ? [] : Hex.DecodeLenient(decoded.Data, "data"));
        var v = decoded.Signature.V ?? [];
        if (v.Length > 1 || (v.Length == 1 && v[0] > 1))
            throw new TransactionFormatException($"yParity: must be 0 or 1, got 0x{Convert.ToHexStringLower(v)}");
        var signature = new EcdsaSignature(UInt256.FromBigEndian(decoded.Signature.R ?? []), UInt256.FromBigEndian(decoded.Signature.S ?? []), v.Length == 0 ? (byte)0 : v[0]);
        var canonical = tx.Sign(signature);
        if (!canonical.Raw.AsSpan().SequenceEqual(raw))
            throw new TransactionFormatException("the encoding is not canonical RLP");
        return canonical;
    }

    private SignedTransaction Sign(EcdsaSignature signature)
    {
        var tx = ToNethereum();
        tx.SetSignature(new Signature(signature.R.ToMinimalBigEndian(), signature.S.ToMinimalBigEndian(), signature.YParity == 0 ? [] : [signature.YParity]));
        var raw = tx.GetRLPEncoded();
        return new SignedTransaction(this, signature, raw, Keccak256.HashToHash32(raw));
    }

    private Transaction1559 ToNethereum() => new(
        ChainId, Nonce, MaxPriorityFeePerGas, MaxFeePerGas, GasLimit,
        To?.ToString(), Value, Hex.Encode(Data), []);

    private static ulong ToUInt64(System.Numerics.BigInteger value, string field) =>
        value >= 0 && value <= ulong.MaxValue ? (ulong)value : throw new TransactionFormatException($"{field}: {value} does not fit in 64 bits");
}
