using Dvt.Crypto.Bls;
using Dvt.Signer.Tests.Cluster;
using Microsoft.Extensions.Logging;

namespace Dvt.Signer.Tests;

/// <summary>A holder that answers with bad partials is named in logs and metrics, and the others still sign.</summary>
public sealed class FaultyHolderTests
{
    [Theory]
    [InlineData(3, 4, 3ul)]
    [InlineData(5, 7, 6ul)]
    public async Task A_bad_partial_is_named_and_the_signature_succeeds_with_the_others(int threshold, int shareCount, ulong faulty)
    {
        await using var cluster = await SignerCluster.StartAsync(threshold, shareCount, corruptOperators: [faulty]);
        var validator = cluster.Validators[0];
        var request = SignRequestBodies.RandaoReveal(7);
        var asker = cluster.Node(2);

        var (status, body, _) = await asker.SignAsync(SignRequestBodies.Hex(validator.Set.PublicKey.Span), request);

        Assert.True(status == 200, body);
        Assert.True(validator.Set.PublicKey.Verify(SignRequestBodies.SigningRootOf(request).AsSpan(), BlsSignature.Decode(SignRequestBodies.SignatureOf(body))));
        // The faulty answer is found when a combination that used it fails, or, if the signature was combined without
        // it, by the audit of unused partials a little later: either way it is reported once.
        var counter = asker.Services.Metrics.PartialFailures.WithLabels(faulty.ToString(), faulty.ToString(), "bad-partial");
        await Eventually.HoldsAsync(() => counter.Value > 0, TimeSpan.FromSeconds(15), () => "the faulty holder is counted");
        Assert.Equal(1, counter.Value);
        Assert.Contains(asker.Logs.Lines, l => l.Level == LogLevel.Warning
            && l.Message.Contains($"operator {faulty} (share #{faulty})") && l.Message.Contains("bad-partial"));
    }

    [Fact]
    public async Task Metrics_endpoint_exposes_request_outcomes_latency_and_partial_failures()
    {
        await using var cluster = await SignerCluster.StartAsync(3, 4, corruptOperators: [4]);
        var key = SignRequestBodies.Hex(cluster.Validators[0].Set.PublicKey.Span);
        Assert.Equal(200, (await cluster.Node(1).SignAsync(key, SignRequestBodies.Attestation(0, 1))).Status);
        Assert.Equal(412, (await cluster.Node(1).SignAsync(key, SignRequestBodies.Attestation(0, 1, variant: 1))).Status);
        // Operator 4's bad partial is counted when a combination used it, or by the audit of unused partials.
        var counter = cluster.Node(1).Services.Metrics.PartialFailures.WithLabels("4", "4", "bad-partial");
        await Eventually.HoldsAsync(() => counter.Value > 0, TimeSpan.FromSeconds(15), () => "operator 4 is counted");

        var (status, text) = await cluster.Node(1).GetAsync("/metrics");

        Assert.Equal(200, status);
        Assert.Contains("dvt_signer_requests_total{type=\"ATTESTATION\",outcome=\"approved\",reason=\"threshold\"} 1", text);
        Assert.Contains("dvt_signer_requests_total{type=\"ATTESTATION\",outcome=\"denied\",reason=\"slashing\"} 1", text);
        Assert.Contains("dvt_signer_sign_duration_seconds_count{type=\"ATTESTATION\",path=\"threshold\"} 1", text);
        Assert.Contains("dvt_signer_partial_failures_total{operator=\"4\",share_index=\"4\",reason=\"bad-partial\"}", text);
        Assert.Contains("dvt_signer_slashing_refusals_total{type=\"ATTESTATION\",key=\"share\"} 1", text);
    }
}
