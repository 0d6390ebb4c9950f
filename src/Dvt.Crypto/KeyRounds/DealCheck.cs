using Dvt.Crypto.Bls;

namespace Dvt.Crypto.KeyRounds;

/// <summary>
/// A receiver's verdict on one deal: accepted with its share, or rejected with the fault and the
/// complaint evidence to post. Disposing clears the share.
/// </summary>
public sealed class DealCheck : IDisposable
{
    private Scalar _share;

    private DealCheck(Scalar share, DealFault? fault, string problem, ComplaintEvidence? complaint)
    {
        _share = share;
        Fault = fault;
        Problem = problem;
        Complaint = complaint;
    }

    internal static DealCheck Accept(Scalar share) => new(share, null, "", null);

    internal static DealCheck Reject(DealFault fault, string problem, ComplaintEvidence complaint) => new(Scalar.Zero, fault, problem, complaint);

    public bool Accepted => Fault is null;

    public DealFault? Fault { get; }

    /// <summary>Why the deal was rejected; empty when accepted.</summary>
    public string Problem { get; }

    /// <summary>The evidence to post with <c>complain</c> when rejected.</summary>
    public ComplaintEvidence? Complaint { get; }

    /// <summary>The receiver's share s_ij = f_i(j); throws when the deal was rejected.</summary>
    public Scalar Share => Accepted ? _share : throw new InvalidOperationException($"the deal was rejected: {Problem}");

    public void Dispose() => _share = Scalar.Zero;

    public override string ToString() => Accepted ? "DealCheck(accepted)" : $"DealCheck({Fault}: {Problem})";
}
