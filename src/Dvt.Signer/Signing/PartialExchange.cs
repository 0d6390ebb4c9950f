using Dvt.Consensus.Primitives;
using Dvt.Crypto.Bls;
using Dvt.Crypto.Threshold;
using Dvt.Signer.Directory;
using Dvt.Signer.Observability;
using Dvt.Signer.Peer;

namespace Dvt.Signer.Signing;

/// <summary>
/// This holder's state of one (validator, signing root): the partials it holds (its own and those pushed to it or
/// answered to its pushes), the holders it has pushed its own partial to (so each gets it at most once), the holders
/// that refused or failed, and the combined signature once t partials are in and this holder's own check passed.
/// <para>
/// Combining is optimistic: another holder's partial is taken as it came (only its share index is checked on
/// arrival), t of them are interpolated and the result is verified against the validator key, one verification instead
/// of one per partial. Only when that fails is each unverified partial used checked against its holder's public share:
/// the bad ones are dropped and their holders failed as <see cref="PartialFailureReason.BadPartial"/>, and the rest are
/// combined again. A partial not used for the signature is handed to <see cref="PartialAudit"/>, which checks it later,
/// in bulk, so a faulty holder is still named. Whatever is served or counted as recorded has been verified: the
/// combined signature against the validator key, and <see cref="Recorded"/> names only holders whose partial verified.
/// </para>
/// </summary>
public sealed class PartialExchange
{
    private readonly Lock _lock = new();
    private readonly Dictionary<ShareIndex, Held> _partials = [];
    // How this holder's partial went to each holder: in its own push (in flight or delivered), or in an answer.
    private readonly Dictionary<OperatorId, bool> _sentTo = [];
    private readonly Dictionary<OperatorId, HolderReply.Failure> _failures = [];
    private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private Task<PartialResult>? _own;
    private bool _mayCombine;
    private BlsSignature? _combined;

    private readonly IPartialCombiner _combiner;
    private readonly PartialAudit? _audit;

    /// <summary>A partial and whether it verified against its holder's public share for this root (own partials always have).</summary>
    private sealed record Held(OperatorId Holder, PartialSignature Partial, bool Verified);

    public PartialExchange(ValidatorSigningSet set, Root signingRoot, long createdTimestamp, IPartialCombiner combiner, PartialAudit? audit = null)
    {
        _combiner = combiner;
        _audit = audit;
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
            Add(holder.Operator, signed.Partial, verified: true, ownCheckPassed: true);
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

    /// <summary>
    /// Adds <paramref name="holder"/>'s partial (its share index checked by the caller; <paramref name="verified"/> when it
    /// was also checked against the public share). A holder's partial for a root is deterministic, so a second, different
    /// partial for the same share means one of them is bad: the new one is then checked at once and replaces the held one
    /// only if it verifies.
    /// </summary>
    /// <returns>The holder's failure when the partial was found bad on arrival (the caller reports it), else null.</returns>
    public HolderReply.Failure? Add(OperatorId holder, PartialSignature partial, bool verified, bool ownCheckPassed = false)
    {
        HolderReply.Failure? bad = null;
        PartialSignature? toAudit = null;
        lock (_lock)
        {
            if (!_partials.TryGetValue(partial.Index, out var held))
            {
                _partials[partial.Index] = new Held(holder, partial, verified);
                if (_combined is not null && !verified)
                    toAudit = partial;
            }
            else if (held.Partial.Signature.Equals(partial.Signature))
            {
                if (verified && !held.Verified)
                    _partials[partial.Index] = held with { Verified = true };
            }
            else if (!held.Verified && (verified || VerifiesAlone(holder, partial)))
            {
                _partials[partial.Index] = new Held(holder, partial, Verified: true); // the one held was the bad one
            }
            else if (!verified)
            {
                bad = BadPartial(holder, partial);
            }
            if (bad is null)
                _failures.Remove(holder);
            _mayCombine |= ownCheckPassed;
        }
        if (toAudit is not null)
            _audit?.Enqueue(this, holder, toAudit);
        Signal();
        return bad;
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
    /// a partial pushed for a root this holder did not decide is never combined into anything served. Verified partials
    /// are used first; when the combination of unverified ones fails, each of them is checked, the bad ones are dropped
    /// and reported through <paramref name="reportBad"/>, and the rest are combined again.
    /// </summary>
    /// <exception cref="ThresholdSignatureException">t verified partials combine to a signature the validator key does not verify.</exception>
    public async Task<BlsSignature?> TryCombineAsync(Action<HolderReply.Failure>? reportBad = null)
    {
        while (true)
        {
            List<Held> chosen;
            lock (_lock)
            {
                if (_combined is not null)
                    return _combined;
                var threshold = Set.Scheme!.Threshold;
                if (!_mayCombine || _partials.Count < threshold)
                    return null;
                // Verified partials first (this holder's own among them), then the others in share order.
                chosen = _partials.Values.OrderByDescending(p => p.Verified).ThenBy(p => p.Partial.Index.Value).Take(threshold).ToList();
            }
            BlsSignature combined;
            try
            {
                combined = await _combiner.CombineAsync(Set, SigningRoot, chosen.Select(p => p.Partial).OrderBy(p => p.Index.Value).ToList()).ConfigureAwait(false);
            }
            catch (ThresholdSignatureException) when (chosen.Any(p => !p.Verified))
            {
                CheckAlone(chosen, reportBad);
                continue;
            }
            List<Held> leftovers;
            lock (_lock)
            {
                if (_combined is not null)
                    return _combined;
                _combined = combined;
                // The combination verified against the validator key: each partial in it is the holder's own (a wrong
                // one would have changed the result), so they count as verified.
                foreach (var held in chosen.Where(p => !p.Verified && IsHeld(p)))
                    _partials[held.Partial.Index] = held with { Verified = true };
                leftovers = _partials.Values.Where(p => !p.Verified).ToList();
            }
            foreach (var held in leftovers)
                _audit?.Enqueue(this, held.Holder, held.Partial);
            return combined;
        }
    }

    /// <summary>Under the lock: whether <paramref name="held"/> is still the partial held under its index.</summary>
    private bool IsHeld(Held held) => TryGetHeld(held.Partial, out _);

    /// <summary>Under the lock: the entry holding <paramref name="partial"/>, if it is still the one held under its index.</summary>
    private bool TryGetHeld(PartialSignature partial, out Held held) =>
        _partials.TryGetValue(partial.Index, out held!) && held.Partial.Signature.Equals(partial.Signature);

    /// <summary>
    /// Checks every partial not checked yet, dropping (and reporting) the bad ones: before <see cref="Recorded"/> is read
    /// for a decision that rests on it (the recovery key's quorum), when no combined signature vouches for the partials.
    /// </summary>
    public void VerifyPending(Action<HolderReply.Failure>? reportBad = null)
    {
        List<Held> pending;
        lock (_lock)
            pending = _partials.Values.ToList();
        CheckAlone(pending, reportBad);
    }

    /// <summary>Checks each of <paramref name="partials"/> still held and not yet verified against its holder's public share; drops and reports the bad.</summary>
    private void CheckAlone(IEnumerable<Held> partials, Action<HolderReply.Failure>? reportBad)
    {
        var bad = new List<HolderReply.Failure>();
        lock (_lock)
        {
            foreach (var held in partials.Where(p => !p.Verified && IsHeld(p)))
            {
                if (VerifiesAlone(held.Holder, held.Partial))
                    _partials[held.Partial.Index] = held with { Verified = true };
                else
                    bad.Add(DropBad(held));
            }
        }
        foreach (var failure in bad)
            reportBad?.Invoke(failure);
        if (bad.Count > 0)
            Signal();
    }

    /// <summary>The audit found <paramref name="partial"/> bad after the signature was combined without it: drops it and fails its holder.</summary>
    internal HolderReply.Failure? AuditFailed(PartialSignature partial)
    {
        lock (_lock)
        {
            return TryGetHeld(partial, out var held) && !held.Verified ? DropBad(held) : null;
        }
    }

    /// <summary>The audit found <paramref name="partial"/> good.</summary>
    internal void AuditPassed(PartialSignature partial)
    {
        lock (_lock)
        {
            if (TryGetHeld(partial, out var held))
                _partials[partial.Index] = held with { Verified = true };
        }
    }

    private bool VerifiesAlone(OperatorId holder, PartialSignature partial)
    {
        var share = Set.Holders.FirstOrDefault(h => h.Operator == holder && h.PublicShare.Index == partial.Index);
        return share is not null && ThresholdSigning.VerifyPartial(partial, share.PublicShare, SigningRoot.AsSpan());
    }

    private HolderReply.Failure BadPartial(OperatorId holder, PartialSignature partial)
    {
        var shareHolder = Set.Holders.First(h => h.Operator == holder);
        var failure = new HolderReply.Failure(shareHolder, PartialFailureReason.BadPartial,
            $"the partial signature of {partial.Index} does not verify against its public share for signing root {SigningRoot}");
        // Its partial for a root is signed once and the same every time: asking again would only fetch the same bad one.
        _failures[holder] = failure;
        return failure;
    }

    /// <summary>Under the lock: removes a partial that does not verify and records its holder's failure.</summary>
    private HolderReply.Failure DropBad(Held held)
    {
        _partials.Remove(held.Partial.Index);
        return BadPartial(held.Holder, held.Partial);
    }

    /// <summary>The holders whose verified partial is here: each recorded the message before it signed.</summary>
    public IReadOnlyList<OperatorId> Recorded()
    {
        lock (_lock)
            return _partials.Values.Where(p => p.Verified).Select(p => p.Holder).ToList();
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
