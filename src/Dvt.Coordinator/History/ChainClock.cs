namespace Dvt.Coordinator.History;

/// <summary>
/// The beacon chain's clock: which slot and epoch an execution block's timestamp falls in, from the network's genesis
/// time and slot length. Used to turn "the block in which a holder received its key" into the slot and epoch at or
/// before which that holder must never sign.
/// </summary>
public sealed record ChainClock(ulong GenesisTime, ulong SecondsPerSlot, ulong SlotsPerEpoch)
{
    /// <summary>The slot at <paramref name="unixTime"/>, or null before genesis (no slot exists yet, so nothing could have been signed).</summary>
    public ChainWatermark? WatermarkAt(ulong unixTime, string reason)
    {
        if (unixTime < GenesisTime)
            return null;
        var slot = (unixTime - GenesisTime) / SecondsPerSlot;
        return ChainWatermark.AtSlot(slot, slot / SlotsPerEpoch, reason);
    }
}
