using Dvt.Crypto.Threshold;
using Dvt.Signer.Directory;
using Dvt.Signer.Observability;

namespace Dvt.Signer.Peer;

/// <summary>One holder's answer to a partial-signature request, as the asker sees it.</summary>
public abstract record HolderReply(ShareHolder Holder)
{
    /// <summary>
    /// A partial for the holder's share index, as it came: not verified yet. The root's exchange combines it
    /// optimistically and checks it against the holder's public share only if the combination fails (PartialExchange).
    /// </summary>
    public sealed record PartialReceived(ShareHolder Holder, PartialSignature Partial) : HolderReply(Holder);

    /// <summary>The holder signed, and its partial travels (or travelled) in its own push to the asker, not in this answer.</summary>
    public sealed record AlreadyPushed(ShareHolder Holder) : HolderReply(Holder);

    /// <summary>No usable partial; <paramref name="Reason"/> is the metric label, <paramref name="Detail"/> the log text.</summary>
    public sealed record Failure(ShareHolder Holder, PartialFailureReason Reason, string Detail) : HolderReply(Holder);
}
