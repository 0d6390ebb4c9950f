using Dvt.Crypto.ShareEncryption;

namespace Dvt.Crypto.KeyRounds;

/// <summary>
/// One dealer's deal, as posted in <c>submitDeal</c>: <c>commitments</c> = t x 48-byte G1 points;
/// <c>encryptedShares</c> = ephemeral key (33) || n x share ciphertext (60, receiver order)
/// [|| escrow ciphertext (60), DKG only].
/// </summary>
public sealed class DealPayload
{
    public DealPayload(FeldmanCommitment commitments, ShareEncryptionPublicKey ephemeralKey, IReadOnlyList<ShareCiphertext> shares, ShareCiphertext? escrow)
    {
        Commitments = commitments;
        EphemeralKey = ephemeralKey;
        Shares = shares.ToArray();
        Escrow = escrow;
    }

    public FeldmanCommitment Commitments { get; }

    public ShareEncryptionPublicKey EphemeralKey { get; }

    /// <summary>Ciphertext i is for the receiver with share index i + 1.</summary>
    public IReadOnlyList<ShareCiphertext> Shares { get; }

    public ShareCiphertext? Escrow { get; }

    public byte[] EncodeCommitments() => Commitments.Encode();

    public byte[] EncodeEncryptedShares()
    {
        var count = Shares.Count + (Escrow is null ? 0 : 1);
        var output = new byte[ShareEncryptionPublicKey.Length + ShareCiphertext.Length * count];
        EphemeralKey.Span.CopyTo(output);
        var at = ShareEncryptionPublicKey.Length;
        foreach (var c in Shares)
        {
            c.Span.CopyTo(output.AsSpan(at));
            at += ShareCiphertext.Length;
        }
        Escrow?.Span.CopyTo(output.AsSpan(at));
        return output;
    }

    /// <summary>Parses a deal of <paramref name="round"/>, with the exact lengths the round implies.</summary>
    public static DealPayload Parse(KeyRound round, ReadOnlySpan<byte> commitments, ReadOnlySpan<byte> encryptedShares)
        => Parse(round.Threshold, round.Receivers.Count, round.Kind == RoundKind.Dkg, commitments, encryptedShares);

    /// <summary>Strict parse: exact lengths, every point decoded and checked; errors name the field.</summary>
    public static DealPayload Parse(int threshold, int receiverCount, bool withEscrow, ReadOnlySpan<byte> commitments, ReadOnlySpan<byte> encryptedShares)
    {
        if (receiverCount < 1)
            throw new ArgumentOutOfRangeException(nameof(receiverCount), receiverCount, "at least one receiver");
        var parsedCommitments = FeldmanCommitment.Parse(commitments, threshold);
        var count = receiverCount + (withEscrow ? 1 : 0);
        var expected = ShareEncryptionPublicKey.Length + ShareCiphertext.Length * count;
        if (encryptedShares.Length != expected)
            throw new MalformedMessageException("encryptedShares",
                $"expected {ShareEncryptionPublicKey.Length} + {ShareCiphertext.Length} x {count} = {expected} bytes, got {encryptedShares.Length}");
        if (!ShareEncryptionPublicKey.TryDecode(encryptedShares[..ShareEncryptionPublicKey.Length], out var ephemeral))
            throw new MalformedMessageException("encryptedShares.ephemeralPublicKey", "not a valid compressed secp256k1 point");
        var shares = new ShareCiphertext[receiverCount];
        var at = ShareEncryptionPublicKey.Length;
        for (var i = 0; i < receiverCount; i++, at += ShareCiphertext.Length)
            shares[i] = new ShareCiphertext(encryptedShares.Slice(at, ShareCiphertext.Length));
        var escrow = withEscrow ? new ShareCiphertext(encryptedShares.Slice(at, ShareCiphertext.Length)) : null;
        return new DealPayload(parsedCommitments, ephemeral!, shares, escrow);
    }
}
