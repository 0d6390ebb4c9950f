using Dvt.Consensus.Primitives;
using Dvt.Qbft.Messages;

namespace Dvt.Duties;

// The duty pipeline of one operator, in one place. A duty is a QBFT InstanceId: (holder set, duty type, slot),
// covering every validator that holder set runs.
//
//   scheduler ──duty──> fetcher ──own beacon node's data──> consensus ──decided data──> decided store
//                                                                                          │ (beacon-node middleware serves
//                                                                                          │  it to every validator client)
//   validator client ──sign request──> partial source (signer: a partial only for decided data)
//        ──> partial store ──local partial, once per signing root──> partial exchange ──> other holders
//                 ^────────────────────remote partials──────────────────┘
//        partial store ──threshold reached──> combiner ──combined signature──> combined store
//                                                                              (served to every validator client)
//
// Each stage is an interface with an asynchronous subscription for its output; Wire connects them. The stages
// never call each other directly, so each can be tested alone and replaced (a fault-injecting stage in a test).

/// <summary>The unsigned data of one duty for each validator of the holder set: what consensus decides.</summary>
public sealed record DutyData(InstanceId Duty, IReadOnlyDictionary<BlsPublicKeyBytes, byte[]> ByValidator);

/// <summary>One holder's partial signature of one validator's duty message.</summary>
public sealed record PartialSignature(InstanceId Duty, BlsPublicKeyBytes Validator, Root SigningRoot, OperatorId Holder, BlsSignatureBytes Signature);

/// <summary>The validator's signature combined from a threshold of partials.</summary>
public sealed record CombinedSignature(InstanceId Duty, BlsPublicKeyBytes Validator, Root SigningRoot, BlsSignatureBytes Signature);

/// <summary>Emits the duties this operator's holder sets have, from its beacon node's duty endpoints.</summary>
public interface IDutyScheduler
{
    void Subscribe(Func<InstanceId, CancellationToken, Task> onDuty);
}

/// <summary>Fetches the data to sign for a duty from this operator's own beacon node: the value it proposes.</summary>
public interface IDutyFetcher
{
    Task FetchAsync(InstanceId duty, CancellationToken cancellationToken);

    void Subscribe(Func<DutyData, CancellationToken, Task> onFetched);
}

/// <summary>Agrees with the other holders on one value per duty (QBFT); emits the decided value once per duty.</summary>
public interface IDutyConsensus
{
    Task ProposeAsync(DutyData proposal, CancellationToken cancellationToken);

    void Subscribe(Func<DutyData, CancellationToken, Task> onDecided);
}

/// <summary>
/// Holds decided data until the duty's slot is old. The beacon-node middleware awaits it to answer validator
/// clients; the signer checks a sign request against it before releasing a partial.
/// </summary>
public interface IDecidedDutyStore
{
    Task StoreAsync(DutyData decided, CancellationToken cancellationToken);

    Task<DutyData> AwaitAsync(InstanceId duty, CancellationToken cancellationToken);

    bool TryGet(InstanceId duty, out DutyData? decided);
}

/// <summary>This holder's partial signatures as its signer releases them (only for decided data, slashing-checked).</summary>
public interface IPartialSignatureSource
{
    void Subscribe(Func<PartialSignature, CancellationToken, Task> onPartial);
}

/// <summary>Sends this holder's partials to the other holders and receives theirs (authenticated by operator key).</summary>
public interface IPartialSignatureExchange
{
    Task BroadcastAsync(PartialSignature partial, CancellationToken cancellationToken);

    void Subscribe(Func<PartialSignature, CancellationToken, Task> onReceived);
}

/// <summary>
/// Collects partials per signing root: emits a local partial once per signing root (however many validator
/// clients asked), and the set of partials once a threshold of distinct holders is reached.
/// </summary>
public interface IPartialSignatureStore
{
    Task StoreLocalAsync(PartialSignature partial, CancellationToken cancellationToken);

    Task StoreRemoteAsync(PartialSignature partial, CancellationToken cancellationToken);

    void SubscribeLocal(Func<PartialSignature, CancellationToken, Task> onFirstLocal);

    void SubscribeThreshold(Func<IReadOnlyList<PartialSignature>, CancellationToken, Task> onThreshold);
}

/// <summary>Combines a threshold of partials into the validator's signature (and verifies it against the validator key).</summary>
public interface ISignatureCombiner
{
    Task CombineAsync(IReadOnlyList<PartialSignature> partials, CancellationToken cancellationToken);

    void Subscribe(Func<CombinedSignature, CancellationToken, Task> onCombined);
}

/// <summary>Caches combined signatures by signing root and serves each waiting validator client.</summary>
public interface ICombinedSignatureStore
{
    Task StoreAsync(CombinedSignature combined, CancellationToken cancellationToken);

    Task<CombinedSignature> AwaitAsync(Root signingRoot, CancellationToken cancellationToken);
}

public static class DutyPipeline
{
    /// <summary>Connects the stages: the whole data flow of a duty.</summary>
    public static void Wire(
        IDutyScheduler scheduler,
        IDutyFetcher fetcher,
        IDutyConsensus consensus,
        IDecidedDutyStore decided,
        IPartialSignatureSource localPartials,
        IPartialSignatureStore partials,
        IPartialSignatureExchange exchange,
        ISignatureCombiner combiner,
        ICombinedSignatureStore combined)
    {
        scheduler.Subscribe(fetcher.FetchAsync);
        fetcher.Subscribe(consensus.ProposeAsync);
        consensus.Subscribe(decided.StoreAsync);
        localPartials.Subscribe(partials.StoreLocalAsync);
        partials.SubscribeLocal(exchange.BroadcastAsync);
        exchange.Subscribe(partials.StoreRemoteAsync);
        partials.SubscribeThreshold(combiner.CombineAsync);
        combiner.Subscribe(combined.StoreAsync);
    }
}
