using Dvt.Consensus.Primitives;
namespace Dvt.SlashingProtection;

/// <summary>An attestation recorded for a key: its source and target epochs and, when known, its signing root.</summary>
public sealed record SignedAttestationRecord(Epoch Source, Epoch Target, SigningRoot? SigningRoot) : ISignedRecord
{
    /// <summary>True when <paramref name="root"/> is known and equal to this record's known root: a repeat of the same message.</summary>
    public bool IsSameMessage(SigningRoot root) => SigningRoot is { } mine && !mine.IsZero && !root.IsZero && mine.Equals(root);

    public override string ToString() => $"attestation {Source}->{Target} (signing root {SigningRoot?.ToString() ?? "unknown"})";
}
