using Dvt.Consensus.Primitives;
using Dvt.Consensus.Signing.Web3Signer;
using Dvt.Crypto.Bls;
using Dvt.Crypto.Threshold;
using Dvt.Qbft.Engine;
using Dvt.Qbft.Messages;
using Dvt.Signer.Directory;
using Dvt.Signer.Duties;
using Dvt.Signer.Signing;

namespace Dvt.Signer;

// The duty pipeline of one operator: its stages, declared here as interfaces, and how they are wired. A duty is a
// QBFT InstanceId: (holder set, duty type, slot); one instance serves every validator of the holder set (all their
// attestations of a slot share one decision), aggregates and contributions one per committee (Dvt.Duties'
// Consensus/DutyInstances). Each stage names the class that implements it and who constructs it.
//
//   scheduler ── IDutyScheduler (Dvt.Duties Beacon/SlotDutyScheduler, a third into the slot) ─────────┐
//   validator client ─GET data─> serve data: BeaconNodeMiddleware (Dvt.Duties Beacon) ────────────────┤
//                                                                                                      v
//   1. fetch        IDutyInputSource         Dvt.Duties Beacon/OwnBeaconNode: this holder's own beacon node's value
//   2. consensus    IDutyConsensus           Dvt.Duties Consensus/DutyConsensus over the Dvt.Qbft engine; messages out
//                                            through IQbftTransport (Consensus/HttpQbftTransport, POST /peer/v1/qbft)
//      gate         IDutyDataGate            Dvt.Duties Gate/DecidedValueGate: a partial of duty data only when it
//                                            equals the decided value (NoDutyConsensus where consensus is off)
//   validator client ─sign─> SignEndpoint ─> ValidatorSigner (solo | threshold | recovery)
//   3. exchange     IPartialSignatureExchange Signing/ThresholdSigner: one PartialExchange per (validator, signing
//                                            root); own partial under lifecycle rules -> gate -> slashing guard, pushed
//                                            once to each other holder in batches (Peer/PartialPushQueue, POST
//                                            /peer/v1/partial-signature-batches); received partials kept as they come
//   4. combine      IPartialCombiner         Signing/VerifiedThresholdCombiner: t partials interpolated and the
//                                            result verified against the validator key (only once the own check passed),
//                                            batched with the holder's other checks of the moment (BatchingSignatureVerifier)
//   5. serve        ICombinedSignatureServer Signing/CombinedSignatureCache: one signature per (validator, root),
//                                            served to every validator client that asks; decided data is served by
//                                            BeaconNodeMiddleware
//
// Wiring: Dvt.Duties' DutyServices builds stages 1-2 and the gate; SignerServices builds 3-5 around the gate it is
// given; the coordinator (CoordinatorHost.StartSignerAsync) passes DutyServices.Gate to SignerServices. Tests replace a
// stage only to inject a fault, through these interfaces.

/// <summary>Emits the duties this operator's holder sets have, so every holder starts them at about the same time.</summary>
public interface IDutyScheduler
{
    void Subscribe(Func<InstanceId, CancellationToken, Task> onDuty);
}

/// <summary>
/// Stage 1, fetch: this holder's own input for an instance it has not started: what its beacon node says for that
/// duty. Null when it has none to give on its own (a block needs the validator client's RANDAO reveal; an aggregate
/// or contribution the client's request naming it), and the holder then follows the instance without proposing.
/// </summary>
public interface IDutyInputSource
{
    Task<byte[]?> FetchAsync(InstanceId instance, CancellationToken cancellationToken);
}

/// <summary>Stage 2, consensus: one decided value per duty instance among the holders.</summary>
public interface IDutyConsensus
{
    /// <summary>The decided value, or null while undecided (or pruned).</summary>
    byte[]? Decided(InstanceId instance);

    /// <summary>
    /// Joins the instance with <paramref name="input"/> (null: the fetch stage's, when it can give one) and waits for
    /// the decision until <paramref name="cancellationToken"/> fires.
    /// </summary>
    Task<byte[]> DecideAsync(InstanceId instance, byte[]? input, CancellationToken cancellationToken);

    /// <summary>A QBFT message from an authenticated peer; the reasons any part of it was not taken.</summary>
    IReadOnlyList<MessageRejection> Receive(QbftEnvelope envelope);
}

/// <summary>Delivers the consensus engine's outbound messages to their recipients, best effort and without blocking the engine: QBFT tolerates loss.</summary>
public interface IQbftTransport
{
    void Send(QbftOutbound outbound);
}

/// <summary>
/// Between consensus and exchange: whether a duty message carries the data the validator's holders decided for its
/// duty. Asked by this holder before it records or signs anything with its share, and by the owner before the
/// recovery key: a holder releases a partial for attestation, block, sync-committee or aggregate data only when it
/// equals the decided value. Lifecycle messages (deposit, exit, builder registration) and data-free messages (RANDAO,
/// selection proofs) are not duty data and always pass here; their own rules apply.
/// </summary>
public interface IDutyDataGate
{
    /// <summary>May wait (bounded by the duty's deadline) for a decision still being reached.</summary>
    Task<DutyDataVerdict> CheckAsync(ValidatorSigningSet set, SignRequest request, CancellationToken cancellationToken);
}

/// <summary>Stage 3, partial exchange: this holder's share of one (validator, signing root) among its holders.</summary>
public interface IPartialSignatureExchange
{
    /// <summary>A local validator client's request: join (or start) the root's exchange and wait for t partials or the deadline.</summary>
    Task<ThresholdAttempt> SignAsync(ValidatorSigningSet set, SignRequest request, Root signingRoot, ReadOnlyMemory<byte> web3SignerBody, CancellationToken cancellationToken);

    /// <summary>
    /// Another holder's request (its partial, when it carries one, under the asker's own share index; not verified): this holder's own
    /// partial under every check, and whether the asker still needs it in the answer.
    /// </summary>
    Task<(PartialResult Own, bool AnswerWithPartial)> JoinAsync(
        ValidatorSigningSet set, SignRequest request, Root signingRoot, ReadOnlyMemory<byte> web3SignerBody, OperatorId asker, PartialSignature? askerPartial);

    /// <summary>A holder pushed a partial under another share index: counted, logged, and that holder's failure in the root's exchange.</summary>
    void ReportBadPush(ValidatorSigningSet set, Root signingRoot, ShareHolder holder, string detail);
}

/// <summary>
/// Stage 4, combine: t partials into the validator's signature, verified against the validator key. The partials may
/// be unverified: PartialExchange calls this optimistically and checks each partial alone only when it throws.
/// </summary>
public interface IPartialCombiner
{
    /// <exception cref="ThresholdSignatureException">The partials combine to a signature the validator key does not verify.</exception>
    Task<BlsSignature> CombineAsync(ValidatorSigningSet set, Root signingRoot, IReadOnlyList<PartialSignature> partials);
}

/// <summary>Stage 5, serve: one signing per (validator, root), its outcome served to every validator client that asks.</summary>
public interface ICombinedSignatureServer
{
    /// <summary>How many signings were started (the rest were served from an earlier one).</summary>
    long Exchanges { get; }

    Task<SignOutcome> GetOrSignAsync(ulong validatorId, Root signingRoot, Func<Task<SignOutcome>> sign);
}
