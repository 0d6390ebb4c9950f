using System.Diagnostics;
using System.Security.Cryptography;
using Dvt.Crypto.Threshold;
using Dvt.Signer.Tests.Cluster;

namespace Dvt.Signer.Bench;

/// <summary>
/// The raw floor of one threshold signature, in-process and without HTTP or databases: t partial signs, the
/// combination and one verification against the validator key (the signer combines optimistically: a partial is
/// verified on its own only when the combination does not verify).
/// </summary>
public static class CryptoFloor
{
    public static void SignOnce(DealtValidator validator, int threshold, ReadOnlySpan<byte> root)
    {
        var partials = new List<PartialSignature>(threshold);
        for (var i = 0; i < threshold; i++)
        {
            partials.Add(validator.Shares[i].Sign(root));
        }
        var combined = ThresholdSigning.Combine(partials, threshold);
        if (!validator.Set.PublicKey.Verify(root, combined))
            throw new InvalidOperationException("floor: the combined signature does not verify");
    }

    public static TimeSpan TimeOnce(DealtValidator validator, int threshold)
    {
        var root = RandomNumberGenerator.GetBytes(32);
        var started = Stopwatch.GetTimestamp();
        SignOnce(validator, threshold, root);
        return Stopwatch.GetElapsedTime(started);
    }

    /// <summary>Threshold signatures per second for distinct validators, on every core (as the cluster's hosts share them).</summary>
    public static double Throughput(IReadOnlyList<DealtValidator> validators, int threshold)
    {
        var started = Stopwatch.GetTimestamp();
        Parallel.ForEach(validators, validator =>
        {
            var root = RandomNumberGenerator.GetBytes(32);
            SignOnce(validator, threshold, root);
        });
        return validators.Count / Stopwatch.GetElapsedTime(started).TotalSeconds;
    }
}
