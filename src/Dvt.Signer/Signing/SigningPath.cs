namespace Dvt.Signer.Signing;

/// <summary>Which key produced a full signature: t partials combined, the owner's recovery key, or a solo validator's key.</summary>
public enum SigningPath
{
    Threshold = 1,
    Recovery = 2,
    Solo = 3,
}
