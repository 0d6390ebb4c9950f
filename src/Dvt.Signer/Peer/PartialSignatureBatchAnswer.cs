using Dvt.Crypto.Threshold;

namespace Dvt.Signer.Peer;

/// <summary>One item's answer in a batch, as the asker reads it (its partial not yet verified).</summary>
public abstract record PartialSignatureBatchAnswer
{
    /// <summary>The holder signed: its partial, or none when its own push carries it.</summary>
    public sealed record Answered(ShareIndex Index, PartialSignature? Partial) : PartialSignatureBatchAnswer;

    /// <summary>The status and message the single path would have answered.</summary>
    public sealed record Error(int Status, string Message) : PartialSignatureBatchAnswer;
}
