namespace Dvt.Crypto.KeyRounds;

/// <summary>What is wrong with a deal, from one receiver's point of view; each is the dealer's fault.</summary>
public enum DealFault
{
    /// <summary>The payload does not parse: wrong lengths, a commitment not in G1, a bad ephemeral key.</summary>
    MalformedDeal,

    /// <summary>Reshare: the constant commitment is not the dealer's old public share.</summary>
    WrongConstant,

    /// <summary>The receiver's ciphertext does not decrypt (tag mismatch) under the bound associated data.</summary>
    UndecryptableShare,

    /// <summary>The decrypted 32 bytes are not a scalar below r.</summary>
    NonCanonicalShare,

    /// <summary>g1^share differs from the committed value at the receiver's index (Feldman check).</summary>
    ShareMismatchesCommitments,
}
