using Dvt.Consensus.Primitives;
using Dvt.Crypto.Threshold;
using Dvt.Signer.Directory;

namespace Dvt.Signer.Signing;

/// <summary>
/// The rule that keeps the recovery key from slashing (docs/architecture.md): the owner's full key may sign M
/// only when at least n - t + 1 holders (f + 1 for n = 3f + 1, t = 2f + 1), the owner among them, have recorded M
/// in their slashing protection, i.e. answered this very request with a partial that verifies, and no holder
/// refused it. Then any conflicting threshold signature would need t holders that have not recorded M, but only
/// t - 1 remain; and a threshold signature that already exists would have made t holders refuse M.
/// </summary>
public static class RecoveryQuorum
{
    /// <summary>n - t + 1: the holders that must have recorded M.</summary>
    public static int Required(ThresholdScheme scheme) => scheme.ShareCount - scheme.Threshold + 1;

    /// <summary>Null when the recovery key may sign; otherwise why it may not.</summary>
    public static string? Refusal(ThresholdScheme scheme, OperatorId owner, IReadOnlyCollection<OperatorId> recorded, int refusals)
    {
        if (refusals > 0)
            return $"{refusals} holder(s) refused the message: it conflicts with what they signed";
        if (!recorded.Contains(owner))
            return $"the owner ({owner}) has not recorded the message itself";
        var required = Required(scheme);
        if (recorded.Count < required)
            return $"only {recorded.Count} holder(s) recorded the message ({string.Join(", ", recorded)}); the recovery key needs {required} (n - t + 1 for {scheme})";
        return null;
    }
}
