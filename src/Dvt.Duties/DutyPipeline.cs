using Dvt.Qbft.Engine;
using Dvt.Qbft.Messages;

namespace Dvt.Duties;

// The duty pipeline of one operator as the coordinator runs it (wired in DutyServices). A duty is a QBFT
// InstanceId: (holder set, duty type, slot); aggregates and contributions one per committee (Consensus/DutyInstances).
//
//   IDutyScheduler (Beacon/SlotDutyScheduler, 1/3 slot) ─┐
//   validator client ─GET data─> Beacon/BeaconNodeMiddleware ─┼─> Consensus/DutyConsensus (one lock around QbftEngine)
//   a peer's QBFT message (Consensus/QbftPeerEndpoint) ──────┘      │ input: the request's own-beacon-node answer, or
//                                                                   │ IDutyInputSource (Beacon/OwnBeaconNode)
//                                                                   │ messages out: IQbftTransport (Consensus/HttpQbftTransport)
//                                                                   v validity: Consensus/DutyValueValidator
//                                                          decided value (kept 64 slots)
//          ├─> BeaconNodeMiddleware answers every validator client with it
//          └─> Gate/DecidedValueGate (Dvt.Signer's IDutyDataGate): a partial of duty data only when it equals it
//   validator client ─sign─> Dvt.Signer (Signing/ThresholdSigner): one PartialExchange per (validator, signing root) at
//   each holder, joined by its own clients and by the other holders' pushes; its own partial (gated the same way,
//   slashing-checked) signed once and pushed once to each other holder; received partials verified against the
//   sender's public share; combined at t once its own check passed, verified, cached and served to every client.
//
// There is one consensus path: DutyConsensus. The seams that let a stage be replaced (a fault-injecting one in a test)
// are the interfaces below and the signer's IDutyDataGate.

/// <summary>Emits the duties this operator's holder sets have, so every holder starts them at about the same time.</summary>
public interface IDutyScheduler
{
    void Subscribe(Func<InstanceId, CancellationToken, Task> onDuty);
}

/// <summary>
/// This holder's own input for an instance it has not started: what its beacon node says for that duty. Null when
/// it has none to give on its own (a block needs the validator client's RANDAO reveal; an aggregate or contribution
/// the client's request naming it), and the holder then follows the instance without proposing.
/// </summary>
public interface IDutyInputSource
{
    Task<byte[]?> FetchAsync(InstanceId instance, CancellationToken cancellationToken);
}

/// <summary>Delivers the engine's outbound messages to their recipients, best effort and without blocking the engine: QBFT tolerates loss.</summary>
public interface IQbftTransport
{
    void Send(QbftOutbound outbound);
}
