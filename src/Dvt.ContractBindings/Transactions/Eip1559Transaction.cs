using Dvt.ContractBindings.Rlp;
using Dvt.ContractBindings.Signing;

namespace Dvt.ContractBindings.Transactions;

/// <summary>
/// A type-2 (EIP-1559) transaction. Signing hash = keccak(0x02 || rlp([chainId, nonce, maxPriorityFeePerGas,
/// maxFeePerGas, gasLimit, to, value, data, accessList])); the signed form appends [yParity, r, s].
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

    public byte[] SigningHash() => Keccak256.Hash(Envelope(RlpEncoder.EncodeList(Fields())));

    public SignedTransaction Sign(EthereumPrivateKey key)
    {
        var signature = key.Sign(SigningHash());
        var fields = Fields();
        var signed = fields.Concat([
            RlpEncoder.EncodeUInt64(signature.YParity),
            RlpEncoder.EncodeUInt256(signature.R),
            RlpEncoder.EncodeUInt256(signature.S),
        ]).ToArray();
        var raw = Envelope(RlpEncoder.EncodeList(signed));
        return new SignedTransaction(this, signature, raw, Keccak256.HashToHash32(raw));
    }

    /// <summary>Decodes a signed raw type-2 transaction strictly (wrong type, field count or non-canonical integers are refused).</summary>
    public static SignedTransaction DecodeSigned(byte[] raw)
    {
        if (raw.Length == 0 || raw[0] != TypeByte)
            throw new RlpException($"not a type-2 transaction (first byte {(raw.Length == 0 ? "missing" : "0x" + raw[0].ToString("x2", System.Globalization.CultureInfo.InvariantCulture))})");
        var items = RlpDecoder.Decode(raw.AsMemory(1)).AsList("transaction", 12);
        var toBytes = items[5].AsBytes("to");
        if (toBytes.Length is not (0 or 20))
            throw new RlpException($"to: expected 0 or 20 bytes, got {toBytes.Length}");
        if (items[8].AsList("accessList", -1).Count != 0)
            throw new RlpException("accessList: non-empty access lists are not supported");
        var tx = new Eip1559Transaction(
            items[0].AsUInt64("chainId"),
            items[1].AsUInt64("nonce"),
            items[2].AsUInt256("maxPriorityFeePerGas"),
            items[3].AsUInt256("maxFeePerGas"),
            items[4].AsUInt64("gasLimit"),
            toBytes.Length == 0 ? null : new Address(toBytes),
            items[6].AsUInt256("value"),
            items[7].AsBytes("data"));
        var yParity = items[9].AsUInt64("yParity");
        if (yParity > 1)
            throw new RlpException($"yParity: must be 0 or 1, got {yParity}");
        var signature = new EcdsaSignature(items[10].AsUInt256("r"), items[11].AsUInt256("s"), (byte)yParity);
        return new SignedTransaction(tx, signature, raw, Keccak256.HashToHash32(raw));
    }

    private byte[][] Fields() =>
    [
        RlpEncoder.EncodeUInt64(ChainId),
        RlpEncoder.EncodeUInt64(Nonce),
        RlpEncoder.EncodeUInt256(MaxPriorityFeePerGas),
        RlpEncoder.EncodeUInt256(MaxFeePerGas),
        RlpEncoder.EncodeUInt64(GasLimit),
        RlpEncoder.EncodeBytes(To is { } to ? to.Bytes : []),
        RlpEncoder.EncodeUInt256(Value),
        RlpEncoder.EncodeBytes(Data),
        RlpEncoder.EncodeList(),
    ];

    private static byte[] Envelope(byte[] rlp)
    {
        var result = new byte[rlp.Length + 1];
        result[0] = TypeByte;
        rlp.CopyTo(result, 1);
        return result;
    }
}
