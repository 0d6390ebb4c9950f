using Dvt.Consensus.Primitives;

namespace Dvt.Signer.Lifecycle;

/// <summary>
/// One validator as the registry records it at one block: what a lifecycle message is checked against.
/// </summary>
/// <param name="ValidatorId">The registry's validator id.</param>
/// <param name="PublicKey">The registered BLS public key.</param>
/// <param name="WithdrawalCredentials">The registered withdrawal credentials (the only ones a deposit may carry).</param>
/// <param name="Phase">Where the validator stands in its lifecycle.</param>
/// <param name="FeeRecipient">The fee recipient the registry records for it; null when none can be derived (then no registration is signed).</param>
/// <param name="Block">The block the record was read at, quoted in refusals.</param>
public sealed record LifecycleRecord(
    ulong ValidatorId,
    BlsPublicKeyBytes PublicKey,
    Bytes32 WithdrawalCredentials,
    LifecyclePhase Phase,
    ExecutionAddress? FeeRecipient,
    ulong Block);
