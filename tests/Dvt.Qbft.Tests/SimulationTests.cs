using Dvt.Consensus.Primitives;
using Dvt.Qbft.Engine;
using Dvt.Qbft.Messages;
using Dvt.Qbft.Tests.Simulation;
using Xunit.Abstractions;

namespace Dvt.Qbft.Tests;

/// <summary>
/// Agreement, validity and termination after GST, over many seeds of a simulated network with loss, duplication,
/// reordering, healing partitions, f crashed holders or f Byzantine ones. A failure names its seed; rerunning that
/// seed replays the run exactly.
/// </summary>
public sealed class CrashedHolderSimulationTests(ITestOutputHelper output)
{
    [Theory]
    [InlineData(4)]
    [InlineData(7)]
    [InlineData(10)]
    [InlineData(13)]
    public void Lossy_network_with_healing_partition_and_f_crashed(int n) =>
        SimulationRuns.RunSeeds(output, n, (holders, seed) => SimulationRuns.Faulty(holders, seed, _ => Fault.Crashed), partition: true);
}

public sealed class ByzantineHolderSimulationTests(ITestOutputHelper output)
{
    [Theory]
    [InlineData(4)]
    [InlineData(7)]
    [InlineData(10)]
    [InlineData(13)]
    public void Lossy_network_with_f_byzantine(int n) =>
        SimulationRuns.RunSeeds(output, n, (holders, seed) => SimulationRuns.Faulty(holders, seed, i => (Fault)(1 + (seed + i) % 3)), partition: false);

    [Theory]
    [InlineData(4, Fault.EquivocatingLeader, RejectionReason.Equivocation)]
    [InlineData(4, Fault.ForgedJustification, RejectionReason.UnjustifiedPrePrepare)]
    [InlineData(4, Fault.ForgedJustification, RejectionReason.UnjustifiedRoundChange)]
    [InlineData(4, Fault.ReplayAndFutureRounds, RejectionReason.Duplicate)]
    [InlineData(4, Fault.ReplayAndFutureRounds, RejectionReason.RoundOutOfWindow)]
    [InlineData(7, Fault.EquivocatingLeader, RejectionReason.Equivocation)]
    [InlineData(7, Fault.ForgedJustification, RejectionReason.UnjustifiedPrePrepare)]
    public void Partitioned_network_with_f_byzantine_of_one_kind(int n, Fault fault, RejectionReason expected)
    {
        var rejections = SimulationRuns.RunSeeds(output, n, (holders, seed) => SimulationRuns.Faulty(holders, seed, _ => fault), partition: true);
        // The fault reached the honest holders and was refused for the reason it should be.
        Assert.True(rejections.GetValueOrDefault(expected) > 0, $"no {expected} among {string.Join(", ", rejections)}");
    }
}

public sealed class UnstableNetworkSimulationTests
{
    [Fact]
    public void Agreement_holds_while_the_network_never_stabilises_and_nothing_decides_twice()
    {
        // No GST within the run: termination is not promised, but every decision taken must agree.
        using var cluster = new TestCluster(4);
        for (var seed = 0; seed < 8; seed++)
        {
            var conditions = new NetworkConditions { Loss = 0.5, Duplication = 0.3, Gst = TimeSpan.FromDays(1), Partition = true };
            var faults = SimulationRuns.Faulty(cluster.Holders, seed, _ => Fault.EquivocatingLeader);
            var simulation = new NetworkSimulation(cluster, seed, conditions, faults, SimulationRuns.Options);
            var result = simulation.Run(SimulationRuns.Instances(cluster.Holders, 2), TimeSpan.FromSeconds(20));
            SimulationRuns.AssertAgreementAndValidity(result, seed);
        }
    }
}

/// <summary>The shared run-and-check of the simulation tests.</summary>
internal static class SimulationRuns
{
    public static readonly QbftOptions Options = new()
    {
        RoundTimeoutBase = TimeSpan.FromMilliseconds(300),
        RoundTimeoutIncrement = TimeSpan.FromMilliseconds(200),
    };

    /// <summary>Seeds per holder count: the larger clusters cost more per run (n^2 messages, real signatures).</summary>
    private static int Seeds(int n) => n switch { 4 => 12, 7 => 5, 10 => 3, _ => 2 };

    public static Dictionary<RejectionReason, int> RunSeeds(ITestOutputHelper output, int n, Func<HolderSet, int, IReadOnlyDictionary<OperatorId, Fault>> faults, bool partition)
    {
        using var cluster = new TestCluster(n);
        var instances = Instances(cluster.Holders, 2);
        var rounds = new List<double>();
        var rejections = new Dictionary<RejectionReason, int>();
        for (var seed = 0; seed < Seeds(n); seed++)
        {
            var conditions = new NetworkConditions { Partition = partition };
            var simulation = new NetworkSimulation(cluster, seed, conditions, faults(cluster.Holders, seed), Options);
            var result = simulation.Run(instances, conditions.Gst + TimeSpan.FromSeconds(30));
            AssertAgreementAndValidity(result, seed);
            foreach (var (reason, count) in result.Rejections)
                rejections[reason] = rejections.GetValueOrDefault(reason) + count;
            // Termination: every honest, running holder decides every instance once the network is stable.
            foreach (var instance in instances)
            {
                var decided = result.Decisions.GetValueOrDefault(instance)?.Keys.ToHashSet() ?? [];
                var missing = simulation.Honest.Where(h => !decided.Contains(h)).ToArray();
                Assert.True(missing.Length == 0,
                    $"seed {seed}: {string.Join(", ", missing)} did not decide {instance} by {result.EndTime} (GST {conditions.Gst})");
                rounds.AddRange(result.Decisions[instance].Values.Select(d => (double)d.Round));
            }
            // Bounded memory: what an honest holder still holds after deciding is a small multiple of n.
            Assert.True(result.StoredMessages <= 8 * n * instances.Count, $"seed {seed}: {result.StoredMessages} messages held");
        }
        output.WriteLine($"n={n}: {Seeds(n)} seeds, decision round mean {rounds.Average():F2}, max {rounds.Max()}; refused: {string.Join(", ", rejections)}");
        return rejections;
    }

    public static void AssertAgreementAndValidity(SimulationResult result, int seed)
    {
        var validator = new PrefixValueValidator();
        foreach (var (instance, byNode) in result.Decisions)
        {
            var values = byNode.Values.Select(d => Convert.ToHexString(d.Value)).Distinct().ToArray();
            Assert.True(values.Length == 1, $"seed {seed}: {instance} decided {values.Length} different values");
            var decision = byNode.Values.First();
            Assert.Contains(Convert.ToHexString(decision.Value), result.Proposed);
            Assert.IsType<ValueJudgement.Accepted>(validator.Judge(instance, decision.Value));
            Assert.Equal(Sha256Digest.Of(decision.Value), decision.ValueHash);
        }
    }

    public static IReadOnlyDictionary<OperatorId, Fault> Faulty(HolderSet holders, int seed, Func<int, Fault> kind)
    {
        // f holders, chosen by the seed, so the leader of round 1 is sometimes among them.
        var random = new Random(seed * 7919);
        return holders.Operators.OrderBy(_ => random.Next()).Take(holders.Faults)
            .Select((id, i) => (id, i)).ToDictionary(p => p.id, p => kind(p.i));
    }

    public static IReadOnlyList<InstanceId> Instances(HolderSet holders, int count) =>
        [.. Enumerable.Range(0, count).Select(i => new InstanceId(holders.Id, (DutyType)(1 + i % 5), new Slot(1000 + (ulong)i)))];
}
