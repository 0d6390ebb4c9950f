using Dvt.ContractBindings;

namespace Dvt.Coordinator.History;

/// <summary>
/// A holder receiving key material of a validator it could not sign for with that material before: its share of a
/// completed round (<paramref name="Round"/> &gt; 0: a new key, a reshare newcomer, a conversion or promotion to DVT),
/// or the owner's full key becoming the signing key again when the validator returns to solo (<paramref name="Round"/> = 0).
/// </summary>
/// <param name="At">The confirmed block the coordinator is acting at.</param>
public sealed record KeyReceipt(ulong ValidatorId, uint Round, BlockNumber At);
