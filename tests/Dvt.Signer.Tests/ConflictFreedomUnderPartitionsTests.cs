using CsCheck;
using Dvt.Crypto.Bls;
using Dvt.Signer.Tests.Cluster;

namespace Dvt.Signer.Tests;

/// <summary>
/// The safety property under arbitrary partitions: random sequences of conflicting attestation requests, each to
/// a random asker that reaches a random subset of the holders, never yield two valid signatures on a slashable
/// pair of votes (a double vote or a surround) — whichever mix of threshold and recovery signatures it produces.
/// </summary>
public sealed class ConflictFreedomUnderPartitionsTests
{
    private sealed record Step(int Asker, int CutMask, ulong Source, ulong Target, int Variant);

    private sealed record Vote(ulong Source, ulong Target, string Root);

    private static Gen<Step[]> Steps(int n) =>
        Gen.Select(Gen.Frequency((1, Gen.Int[1, n]), (1, Gen.Const(1))), Gen.Int[0, (1 << n) - 1], Gen.ULong[0, 2], Gen.ULong[1, 4], Gen.Int[0, 1],
                (a, m, s, t, v) => new Step(a, m, Math.Min(s, t - 1), t, v))
            .Array[12, 24];

    private static bool Slashable(Vote a, Vote b)
        => (a.Target == b.Target && a.Root != b.Root)
           || (a.Source < b.Source && b.Target < a.Target)
           || (b.Source < a.Source && a.Target < b.Target);

    [Theory]
    [InlineData(3, 4)]
    [InlineData(5, 7)]
    public async Task No_two_conflicting_votes_are_ever_signed(int threshold, int shareCount)
    {
        var recoveries = 0;
        var approved = 0;
        await Steps(shareCount).SampleAsync(async steps =>
        {
            await using var cluster = await SignerCluster.StartAsync(threshold, shareCount, recordLogs: false);
            var validator = cluster.Validators[0];
            var key = SignRequestBodies.Hex(validator.Set.PublicKey.Span);
            var signed = new List<Vote>();
            foreach (var step in steps)
            {
                cluster.HealAll();
                cluster.Cut((ulong)step.Asker, Enumerable.Range(1, shareCount).Where(p => p != step.Asker && (step.CutMask & (1 << (p - 1))) != 0).Select(p => (ulong)p));
                var request = SignRequestBodies.Attestation(step.Source, step.Target, step.Variant);
                var (status, body, _) = await cluster.Node((ulong)step.Asker).SignAsync(key, request);
                Assert.True(status is 200 or 412 or 500, $"unexpected HTTP {status}: {body}");
                if (status != 200)
                    continue;
                var root = SignRequestBodies.SigningRootOf(request);
                Assert.True(validator.Set.PublicKey.Verify(root.AsSpan(), BlsSignature.Decode(SignRequestBodies.SignatureOf(body))));
                var vote = new Vote(step.Source, step.Target, root.ToString());
                var conflict = signed.FirstOrDefault(other => Slashable(other, vote));
                Assert.True(conflict is null, $"signed both {conflict} and {vote}");
                signed.Add(vote);
                approved++;
            }
            recoveries += (int)cluster.Node(1).Services.Metrics.RecoveryKeyUses.WithLabels("ATTESTATION").Value;
        }, iter: 25, threads: 1);
        // Not vacuous: across the sequences some requests were signed (RecoveryUnderPartitionTests pins each path).
        Assert.True(approved > 0, $"no request was ever signed ({recoveries} recoveries)");
    }
}
