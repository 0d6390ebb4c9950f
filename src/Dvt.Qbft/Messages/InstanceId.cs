using Dvt.Consensus.Primitives;

namespace Dvt.Qbft.Messages;

/// <summary>One consensus instance: the holder set (by its id), the duty type and the slot.</summary>
public readonly record struct InstanceId(Sha256Digest HolderSet, DutyType Duty, Slot Slot)
{
    public override string ToString() => $"{Duty}@{Slot} holders {HolderSet.ToString()[..10]}";
}
