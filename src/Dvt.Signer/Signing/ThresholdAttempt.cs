using Dvt.Consensus.Primitives;
using Dvt.Crypto.Bls;
using Dvt.Signer.Directory;
using Dvt.Signer.Peer;

namespace Dvt.Signer.Signing;

/// <summary>
/// What the threshold round produced by its deadline: the combined signature when t good partials arrived, the
/// operators whose good partials prove they recorded the message, and every holder that did not deliver.
/// <see cref="LocalRefusal"/> is this operator's own slashing refusal (412), <see cref="LocalForbidden"/> its own
/// lifecycle refusal (403); either ends the round at once.
/// </summary>
public sealed record ThresholdAttempt(
    BlsSignature? Signature,
    IReadOnlyList<OperatorId> Recorded,
    IReadOnlyList<HolderReply.Failure> Failures,
    string? LocalRefusal,
    string? LocalForbidden = null);
