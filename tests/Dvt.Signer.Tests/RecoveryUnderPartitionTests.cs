using Dvt.Crypto.Bls;
using Dvt.Signer.Tests.Cluster;

namespace Dvt.Signer.Tests;

/// <summary>
/// The recovery rule of docs/architecture.md on real 3-of-4 clusters (owner: operator 1) whose askers see
/// different subsets of the holders: the recovery key signs only with n - t + 1 = f + 1 holders (owner included)
/// having recorded the message, and never after a holder refused it.
/// </summary>
public sealed class RecoveryUnderPartitionTests : IAsyncLifetime
{
    private SignerCluster _cluster = null!;

    public async Task InitializeAsync() => _cluster = await SignerCluster.StartAsync(3, 4, validatorCount: 2);

    public async Task DisposeAsync() => await _cluster.DisposeAsync();

    private DealtValidator Validator => _cluster.Validators[0];

    private string Key => SignRequestBodies.Hex(Validator.Set.PublicKey.Span);

    private double RecoveryUses => _cluster.Node(1).Services.Metrics.RecoveryKeyUses.WithLabels("ATTESTATION").Value;

    private void AssertSigned((int Status, string Body, string? ContentType) response, string request)
    {
        Assert.True(response.Status == 200, $"HTTP {response.Status}: {response.Body}");
        Assert.True(Validator.Set.PublicKey.Verify(SignRequestBodies.SigningRootOf(request).AsSpan(),
            BlsSignature.Decode(SignRequestBodies.SignatureOf(response.Body))));
    }

    [Fact]
    public async Task Owner_recovers_with_f_plus_1_holders_reachable()
    {
        _cluster.Isolate(1, [3, 4]);
        var request = SignRequestBodies.Attestation(0, 1);

        AssertSigned(await _cluster.Node(1).SignAsync(Key, request), request);
        Assert.Equal(1, RecoveryUses);
        Assert.Contains(_cluster.Node(1).Logs.Lines, l => l.Message.Contains("Recovery key signed ATTESTATION"));
    }

    [Fact]
    public async Task The_owners_own_threshold_only_request_never_spends_the_recovery_key()
    {
        // The same partition in which an ordinary request recovers (above): the owner's deposit/exit path asks for the
        // threshold signature only, and gets a refusal instead of a recovery-key signature it would throw away.
        _cluster.Isolate(1, [3, 4]);
        var request = SignRequestBodies.Attestation(0, 1);
        var body = System.Text.Encoding.UTF8.GetBytes(request);

        var outcome = await _cluster.Node(1).Services.Signer.ThresholdOnlyAsync(Validator.Set,
            Dvt.Consensus.Signing.Web3Signer.SignRequestParser.Parse(body, Dvt.Consensus.ConsensusPreset.Minimal),
            SignRequestBodies.SigningRootOf(request), body, CancellationToken.None);

        var failed = Assert.IsType<Dvt.Signer.Signing.SignOutcome.Failed>(outcome);
        Assert.Contains("threshold path only", failed.Detail);
        Assert.Equal(0, RecoveryUses);
        Assert.DoesNotContain(_cluster.Node(1).Logs.Lines, l => l.Message.Contains("Recovery key signed"));
    }

    [Fact]
    public async Task Owner_alone_does_not_recover()
    {
        _cluster.Cut(1, [2, 3, 4]);
        var (status, body, _) = await _cluster.Node(1).SignAsync(Key, SignRequestBodies.Attestation(0, 1));

        Assert.Equal(500, status);
        Assert.Contains("recovery key not used", body);
        Assert.Equal(0, RecoveryUses);
    }

    [Fact]
    public async Task A_bad_partial_does_not_count_as_a_recording_for_the_recovery_key()
    {
        // The owner reaches only operator 2, whose partials are bad. Partials are not verified on arrival (combining is
        // optimistic), so the owner's exchange holds one from operator 2: counted as a recording, it would make the
        // f + 1 = 2 the recovery key needs. It must be checked and dropped first.
        await using var cluster = await SignerCluster.StartAsync(3, 4, corruptOperators: [2]);
        cluster.Isolate(1, [3, 4]);
        var key = SignRequestBodies.Hex(cluster.Validators[0].Set.PublicKey.Span);

        var (status, body, _) = await cluster.Node(1).SignAsync(key, SignRequestBodies.Attestation(0, 1));

        Assert.Equal(500, status);
        Assert.Contains("recovery key not used", body);
        Assert.Equal(0, cluster.Node(1).Services.Metrics.RecoveryKeyUses.WithLabels("ATTESTATION").Value);
        Assert.Equal(1, cluster.Node(1).Services.Metrics.PartialFailures.WithLabels("2", "2", "bad-partial").Value);
    }

    [Fact]
    public async Task A_holder_other_than_the_owner_never_uses_a_recovery_key()
    {
        _cluster.Isolate(2, [3, 4]);
        var (status, body, _) = await _cluster.Node(2).SignAsync(Key, SignRequestBodies.Attestation(0, 1));
        Assert.Equal(500, status);
        Assert.Contains("only the owner", body);
    }

    [Fact]
    public async Task Recovery_can_be_switched_off()
    {
        await using var cluster = await SignerCluster.StartAsync(3, 4, configure: o => o with { RecoveryKeyEnabled = false });
        cluster.Isolate(1, [3, 4]);
        var (status, body, _) = await cluster.Node(1).SignAsync(SignRequestBodies.Hex(cluster.Validators[0].Set.PublicKey.Span), SignRequestBodies.Attestation(0, 1));
        Assert.Equal(500, status);
        Assert.Contains("disabled", body);
    }

    [Fact]
    public async Task After_a_threshold_signature_on_A_the_owner_cannot_recover_a_conflicting_B()
    {
        var a = SignRequestBodies.Attestation(0, 1, variant: 0);
        var b = SignRequestBodies.Attestation(0, 1, variant: 1);
        _cluster.Cut(2, [1]);
        AssertSigned(await _cluster.Node(2).SignAsync(Key, a), a); // holders 2, 3, 4 recorded A
        _cluster.HealAll();

        _cluster.Cut(1, [3, 4]); // the owner reaches only holder 2, which refuses B
        var (status, body, _) = await _cluster.Node(1).SignAsync(Key, b);
        Assert.Equal(412, status);
        Assert.Contains("double vote", body);

        // The owner alone: no quorum (500), or its own refusal (412) once holders 3 and 4 have pushed it their
        // partials of A (the cut is of the owner's outgoing requests only) and it recorded A itself.
        _cluster.Cut(1, [2]);
        var alone = await _cluster.Node(1).SignAsync(Key, b);
        Assert.True(alone.Status is 500 or 412, $"HTTP {alone.Status}: {alone.Body}");
        Assert.Equal(0, RecoveryUses);
    }

    [Fact]
    public async Task After_a_recovery_signature_on_A_no_threshold_signature_on_a_conflicting_B_exists()
    {
        var a = SignRequestBodies.Attestation(0, 1, variant: 0);
        var b = SignRequestBodies.Attestation(0, 1, variant: 1);
        _cluster.Cut(1, [3, 4]);
        AssertSigned(await _cluster.Node(1).SignAsync(Key, a), a); // recovery: holders 1, 2 recorded A
        Assert.Equal(1, RecoveryUses);
        _cluster.HealAll();

        foreach (var asker in new ulong[] { 2, 3, 4 })
        {
            var (status, _, _) = await _cluster.Node(asker).SignAsync(Key, b);
            Assert.NotEqual(200, status);
        }
        // B never got t partials. The owner may still repeat A: through recovery again (holders 1 and 2 recorded
        // exactly A), or with a threshold signature once holder 2's spread got holders 3 and 4 to sign A and push
        // their partials to the owner (its cut is of its own outgoing requests only). Never a second path for B.
        _cluster.Cut(1, [3, 4]);
        AssertSigned(await _cluster.Node(1).SignAsync(Key, a), a);
        Assert.InRange(RecoveryUses, 1, 2);
    }

    [Fact]
    public async Task A_blackholed_holder_does_not_delay_a_threshold_signature()
    {
        await using var cluster = await SignerCluster.StartAsync(3, 4, configure: o => o with { PartialDeadline = TimeSpan.FromSeconds(10) });
        cluster.Cut(2, [4], PartitionMode.Blackhole);
        var request = SignRequestBodies.Attestation(0, 1);
        var started = System.Diagnostics.Stopwatch.StartNew();
        var (status, body, _) = await cluster.Node(2).SignAsync(SignRequestBodies.Hex(cluster.Validators[0].Set.PublicKey.Span), request);
        Assert.True(status == 200, body);
        Assert.True(started.Elapsed < TimeSpan.FromSeconds(5), $"took {started.Elapsed}: the asker waited for the silent holder");
    }

    [Fact]
    public async Task Recovery_waits_for_the_deadline_when_holders_are_silent_then_signs()
    {
        await using var cluster = await SignerCluster.StartAsync(3, 4, configure: o => o with { PartialDeadline = TimeSpan.FromMilliseconds(400) });
        cluster.Isolate(1, [3, 4], PartitionMode.Blackhole);
        var request = SignRequestBodies.Attestation(0, 1);
        var started = System.Diagnostics.Stopwatch.StartNew();
        var (status, body, _) = await cluster.Node(1).SignAsync(SignRequestBodies.Hex(cluster.Validators[0].Set.PublicKey.Span), request);
        Assert.True(status == 200, body);
        Assert.True(started.Elapsed >= TimeSpan.FromMilliseconds(380), $"recovered after {started.Elapsed}, before the deadline");
        Assert.Equal(1, cluster.Node(1).Services.Metrics.RecoveryKeyUses.WithLabels("ATTESTATION").Value);
        // The push to operator 3 runs in the background and reports its timeout as it ends, which may be just after
        // the answer above.
        var timeouts = cluster.Node(1).Services.Metrics.PartialFailures.WithLabels("3", "3", "timeout");
        await Eventually.HoldsAsync(() => timeouts.Value >= 1, TimeSpan.FromSeconds(5), () => $"operator 3's timeouts: {timeouts.Value}");
        Assert.Equal(1, timeouts.Value);
    }
}
