namespace Dvt.Crypto.KeyRounds;

/// <summary>What a key round does; wire values fixed by the registry contract (pinned by a test).</summary>
public enum RoundKind : byte
{
    /// <summary>The owner, holding the full key, deals shares of it.</summary>
    Split = 1,

    /// <summary>Every receiver deals; the validator key is the sum of their constant terms, escrowed to the owner.</summary>
    Dkg = 2,

    /// <summary>At least t old holders deal their shares again; the validator key is unchanged.</summary>
    Reshare = 3,
}
