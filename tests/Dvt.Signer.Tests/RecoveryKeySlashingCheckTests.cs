using Dvt.Signer.Tests.Cluster;
using Dvt.SlashingProtection.Interchange;

namespace Dvt.Signer.Tests;

/// <summary>
/// The recovery key passes the owner's slashing check keyed by the validator key, even when the quorum rule allows it.
/// The owner's own partial is checked against that same history first (one history per validator), so the refusal
/// comes before the recovery path is considered at all.
/// </summary>
public sealed class RecoveryKeySlashingCheckTests
{
    [Fact]
    public async Task A_full_key_history_imported_for_the_validator_key_refuses_recovery()
    {
        await using var cluster = await SignerCluster.StartAsync(3, 4);
        var validator = cluster.Validators[0];
        var publicKey = SignRequestBodies.Hex(validator.Set.PublicKey.Span);
        // The validator key signed up to target 10 as a solo validator before it joined dvt (migration).
        var interchange = $$"""
            {"metadata":{"interchange_format_version":"5","genesis_validators_root":"{{SignerCluster.Chain}}"},
             "data":[{"pubkey":"{{publicKey}}","signed_blocks":[],"signed_attestations":[{"source_epoch":"9","target_epoch":"10"}]}]}
            """;
        await cluster.Node(1).Store.ImportAsync(InterchangeJson.Parse(interchange));
        cluster.Cut(1, [3, 4]);

        var (status, body, _) = await cluster.Node(1).SignAsync(publicKey, SignRequestBodies.Attestation(4, 5));

        Assert.Equal(412, status);
        Assert.Contains("watermark", body);
        Assert.Equal(0, cluster.Node(1).Services.Metrics.RecoveryKeyUses.WithLabels("ATTESTATION").Value);
        Assert.Equal(1, cluster.Node(1).Services.Metrics.SlashingRefusals.WithLabels("ATTESTATION", "share").Value);
    }
}
