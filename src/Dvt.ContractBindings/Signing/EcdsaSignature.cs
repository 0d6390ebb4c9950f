namespace Dvt.ContractBindings.Signing;

/// <summary>A secp256k1 signature with its recovery bit (y parity of R). S is always in the low half (EIP-2).</summary>
public readonly record struct EcdsaSignature(UInt256 R, UInt256 S, byte YParity)
{
    /// <summary>r || s || v with v = 27 + yParity (the form eth_sign and ecrecover use).</summary>
    public byte[] ToRsv()
    {
        var bytes = new byte[65];
        R.WriteBigEndian(bytes.AsSpan(0, 32));
        S.WriteBigEndian(bytes.AsSpan(32, 32));
        bytes[64] = (byte)(27 + YParity);
        return bytes;
    }
}
