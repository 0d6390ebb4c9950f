namespace Dvt.SlashingProtection;

/// <summary>A recorded signing (block or attestation), as carried by <see cref="SigningDecision.SafeRepeat"/>.</summary>
public interface ISignedRecord
{
    /// <summary>The signing root, or null when the record came without one.</summary>
    SigningRoot? SigningRoot { get; }
}
