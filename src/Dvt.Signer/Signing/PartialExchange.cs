using Dvt.Consensus.Primitives;
using Dvt.Crypto.Bls;
using Dvt.Crypto.Threshold;
using Dvt.Signer.Directory;
using Dvt.Signer.Observability;
using Dvt.Signer.Peer;

namespace Dvt.Signer.Signing;

/// <summary>
/// This holder's state of one (validator, signing root): the verified partials it holds (its own and those pushed to it
/// or answered to its pushes), the holders it has pushed its own partial to (so each gets it at most once), the holders
/// that refused or failed, and the combined signature once t partials are in and this holder's own check passed.
/// Every partial in here verified against its holder's public share for this root before it was added.
/// </summary>
public sealed class PartialExchange
{
    private readonly Lock _lock = new();
    private readonly Dictionary<ShareIndex, (OperatorId Holder, PartialSignature Partial)> _partials = [];
    // How this holder's partial went to each holder: in its own push (in flight or delivered), or in an answer.
    private readonly Dictionary<OperatorId, bool> _sentTo = [];
    private readonly Dictionary<OperatorId, HolderReply.Failure> _failures = [];
    private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private Task<PartialResult>? _own;
    private bool _mayCombine;
    private BlsSignature? _combined;

    private readonly IPartialCombiner _combiner;

    public PartialExchange(ValidatorSigningSet set, Root signingRoot, long createdTimestamp, IPartialCombiner combiner)
    {
        _combiner = combiner;
        Set = set;
        SigningRoot = signingRoot;
        CreatedTimestamp = createdTimestamp;
    }

    public ValidatorSigningSet Set { get; }

    public Root SigningRoot { get; }

    /// <summary><see cref="System.Diagnostics.Stopwatch"/> ticks at creation, for pruning by age.</summary>
    public long CreatedTimestamp { get; }

    /// <summary>
    /// This holder's own partial for the root, signed at most once: the first caller runs <paramref name="sign"/>
    /// (lifecycle rules, decided-value gate, slashing check), concurrent callers await it. Only a signed partial is
    /// kept; any other result lets the next caller check again (a decision may come later).
    /// </summary>
    public async Task<PartialResult> OwnAsync(Func<Task<PartialResult>> sign)
    {
        Task<PartialResult> own;
        lock (_lock)
        {
            if (_own is null || (_own.IsCompleted && !IsSigned(_own)))
                _own = sign();
            own = _own;
        }
        var result = await own.ConfigureAwait(false);
        if (result is PartialResult.Signed signed)
        {
            var holder = Set.Holders.First(h => h.PublicShare.Index == signed.Partial.Index);
            Add(holder.Operator, signed.Partial, ownCheckPassed: true);
        }
        return result;
    }

    /// <summary>Lets this exchange combine without a partial of its own: an asker that holds no share relies on the t holders' own checks.</summary>
    public void AllowCombiningWithoutOwnPartial()
    {
        lock (_lock)
            _mayCombine = true;
        Signal();
    }

    /// <summary>Adds a partial the caller verified against the holder's public share for <see cref="SigningRoot"/>.</summary>
    public void Add(OperatorId holder, PartialSignature partial, bool ownCheckPassed = false)
    {
        lock (_lock)
        {
            _partials.TryAdd(partial.Index, (holder, partial));
            _failures.Remove(holder);
            _mayCombine |= ownCheckPassed;
        }
        Signal();
    }

    public bool Has(OperatorId holder)
    {
        lock (_lock)
            return _partials.Values.Any(p => p.Holder == holder);
    }

    /// <summary>Marks <paramref name="holder"/> as pushed this holder's partial; false if it was already sent (or is being pushed).</summary>
    public bool TryMarkPushed(OperatorId holder)
    {
        lock (_lock)
        {
            if (!_sentTo.TryAdd(holder, true))
                return false;
            _failures.Remove(holder);
            return true;
        }
    }

    /// <summary>
    /// Whether an answer to <paramref name="asker"/> must carry this holder's partial: not when this holder's own push
    /// carries it (in flight or delivered); yes otherwise, including an asker asking again (an earlier answer was lost).
    /// </summary>
    public bool MarkAnswered(OperatorId asker)
    {
        lock (_lock)
        {
            if (_sentTo.TryGetValue(asker, out var pushed) && pushed)
                return false;
            _sentTo[asker] = false;
            return true;
        }
    }

    /// <summary>
    /// Records why a holder gave no partial, and lets the next request push to it again, unless it answered a partial
    /// that does not verify: its partial for a root is signed once and the same every time, so asking again would only
    /// fetch (and count) the same bad partial.
    /// </summary>
    public void Fail(HolderReply.Failure failure)
    {
        lock (_lock)
        {
            if (_partials.Values.All(p => p.Holder != failure.Holder.Operator))
            {
                if (failure.Reason != PartialFailureReason.BadPartial)
                    _sentTo.Remove(failure.Holder.Operator);
                _failures[failure.Holder.Operator] = failure;
            }
        }
        Signal();
    }

    /// <summary>After an attempt fell short: holders that did not deliver are pushed to again by the next request.</summary>
    public void ForgetUndelivered()
    {
        lock (_lock)
            foreach (var holder in _sentTo.Keys.Where(holder => _partials.Values.All(p => p.Holder != holder)).ToList())
                _sentTo.Remove(holder);
    }

    /// <summary>
    /// The combined signature, once t partials are in and this holder's own check passed (or it holds no share):
    /// a partial pushed for a root this holder did not decide is never combined into anything served.
    /// </summary>
    /// <exception cref="ThresholdSignatureException">t verified partials combine to a signature the validator key does not verify.</exception>
    public BlsSignature? TryCombine()
    {
        lock (_lock)
        {
            if (_combined is not null)
                return _combined;
            var scheme = Set.Scheme!;
            if (!_mayCombine || _partials.Count < scheme.Threshold)
                return null;
            var chosen = _partials.Values.Select(p => p.Partial).OrderBy(p => p.Index.Value).Take(scheme.Threshold).ToList();
            _combined = _combiner.Combine(Set, SigningRoot, chosen);
            var combined = _combined;
            return combined;
        }
    }

    /// <summary>The holders whose verified partial is here: each recorded the message before it signed.</summary>
    public IReadOnlyList<OperatorId> Recorded()
    {
        lock (_lock)
            return _partials.Values.Select(p => p.Holder).ToList();
    }

    public IReadOnlyList<HolderReply.Failure> Failures()
    {
        lock (_lock)
            return _failures.Values.ToList();
    }

    /// <summary>Whether every other holder has either delivered or failed (nothing more will come without a new push).</summary>
    public bool Settled(IEnumerable<ShareHolder> others)
    {
        lock (_lock)
            return others.All(h => _failures.ContainsKey(h.Operator) || _partials.Values.Any(p => p.Holder == h.Operator));
    }

    /// <summary>Completes when a partial or failure is added after this call.</summary>
    public Task Changed()
    {
        lock (_lock)
            return _changed.Task;
    }

    private void Signal()
    {
        TaskCompletionSource previous;
        lock (_lock)
        {
            previous = _changed;
            _changed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }
        previous.TrySetResult();
    }

    private static bool IsSigned(Task<PartialResult> own) => own.IsCompletedSuccessfully && own.Result is PartialResult.Signed;
}
