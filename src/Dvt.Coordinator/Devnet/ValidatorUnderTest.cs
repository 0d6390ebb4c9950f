namespace Dvt.Coordinator.Devnet;

/// <summary>A validator the devnet created and signs duties for.</summary>
public sealed record ValidatorUnderTest(ulong Id, string Label, byte Mode)
{
    /// <summary>Its BLS public key once its key round completed (0x + 96 hex digits, lower case).</summary>
    public string PublicKey { get; set; } = "";
}
