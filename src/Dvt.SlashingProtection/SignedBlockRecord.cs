using Dvt.Consensus.Primitives;
namespace Dvt.SlashingProtection;

/// <summary>A block proposal recorded for a key: its slot and, when known, its signing root.</summary>
public sealed record SignedBlockRecord(Slot Slot, SigningRoot? SigningRoot) : ISignedRecord
{
    /// <summary>True when <paramref name="root"/> is known and equal to this record's known root: a repeat of the same message.</summary>
    public bool IsSameMessage(SigningRoot root) => SigningRoot is { } mine && !mine.IsZero && !root.IsZero && mine.Equals(root);

    public override string ToString() => $"block at slot {Slot} (signing root {SigningRoot?.ToString() ?? "unknown"})";
}
