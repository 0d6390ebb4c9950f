using Dvt.Consensus.Primitives;
using Dvt.Crypto.Bls;
using Dvt.Crypto.KeyRounds;
using Dvt.Crypto.Threshold;
using Dvt.Signer.Directory;
using Dvt.Signer.Tests.Cluster;
using Dvt.SlashingProtection;
using Dvt.SlashingProtection.Interchange;

namespace Dvt.Signer.Tests;

/// <summary>
/// Slashing history is the validator's, not the share's: a reshare gives every holder a new share of the same key,
/// and the history must still refuse a double vote; an imported validator's history must bind the threshold path,
/// at every holder its watermarks reach.
/// </summary>
public sealed class HistoryAcrossKeyChangesTests
{
    [Fact]
    public async Task A_double_vote_spanning_a_reshare_is_refused()
    {
        await using var cluster = await SignerCluster.StartAsync(3, 4);
        var validator = cluster.Validators[0];
        var publicKey = SignRequestBodies.Hex(validator.Set.PublicKey.Span);
        var (status, response, _) = await cluster.Node(2).SignAsync(publicKey, SignRequestBodies.Attestation(9, 10));
        Assert.True(status == 200, response);

        // The reshare: the same validator key dealt anew, so every holder's share (and public share) changes.
        Reshare(cluster, validator);

        (status, response, _) = await cluster.Node(2).SignAsync(publicKey, SignRequestBodies.Attestation(9, 10, variant: 1));
        Assert.Equal(412, status);
        Assert.Contains("double vote", response);
        // The new shares do sign what the history allows.
        (status, response, _) = await cluster.Node(2).SignAsync(publicKey, SignRequestBodies.Attestation(10, 11));
        Assert.True(status == 200, response);
        Assert.True(validator.Set.PublicKey.Verify(SignRequestBodies.SigningRootOf(SignRequestBodies.Attestation(10, 11)).AsSpan(),
            BlsSignature.Decode(SignRequestBodies.SignatureOf(response))));
    }

    [Fact]
    public async Task An_imported_history_binds_the_threshold_path_at_the_owner()
    {
        await using var cluster = await SignerCluster.StartAsync(3, 4);
        var publicKey = SignRequestBodies.Hex(cluster.Validators[0].Set.PublicKey.Span);
        await cluster.Node(1).Store.ImportAsync(InterchangeJson.Parse(Interchange(publicKey, source: 9, target: 10)));

        var (status, response, _) = await cluster.Node(1).SignAsync(publicKey, SignRequestBodies.Attestation(4, 5));

        Assert.Equal(412, status);
        Assert.Contains("watermark", response);
    }

    [Fact]
    public async Task Imported_watermarks_that_reach_every_holder_bind_a_quorum_without_the_owner()
    {
        await using var cluster = await SignerCluster.StartAsync(3, 4);
        var key = new ValidatorPublicKeyBytes(cluster.Validators[0].Set.PublicKey.Span);
        var publicKey = SignRequestBodies.Hex(cluster.Validators[0].Set.PublicKey.Span);
        // What each holder's coordinator does with the watermarks published with the import (read from the chain).
        foreach (var node in cluster.Nodes)
            await node.Store.RaiseLowWatermarksAsync(key, new Slot(80), new Epoch(9), new Epoch(10));
        cluster.Cut(3, [1]);

        var (status, response, _) = await cluster.Node(3).SignAsync(publicKey, SignRequestBodies.Attestation(4, 5));
        Assert.Equal(412, status);
        Assert.Contains("watermark", response);
        (status, response, _) = await cluster.Node(3).SignAsync(publicKey, SignRequestBodies.BlockHeader(80));
        Assert.Equal(412, status);
        (status, response, _) = await cluster.Node(3).SignAsync(publicKey, SignRequestBodies.Attestation(10, 11));
        Assert.True(status == 200, response);
    }

    private static string Interchange(string publicKey, ulong source, ulong target) => $$"""
        {"metadata":{"interchange_format_version":"5","genesis_validators_root":"{{SignerCluster.Chain}}"},
         "data":[{"pubkey":"{{publicKey}}","signed_blocks":[],"signed_attestations":[{"source_epoch":"{{source}}","target_epoch":"{{target}}"}]}]}
        """;

    /// <summary>Deals the validator's key again with a fresh polynomial and hands every holder its new share and the new public shares.</summary>
    private static void Reshare(SignerCluster cluster, DealtValidator validator)
    {
        var scheme = validator.Set.Scheme!;
        using var polynomial = new SecretPolynomial(validator.Key.ToScalar(), scheme.Threshold);
        var shares = Enumerable.Range(1, scheme.ShareCount)
            .Select(i => new SecretShare(new ShareIndex(i), BlsSecretKey.FromScalar(polynomial.Evaluate(i)))).ToList();
        var set = validator.Set with
        {
            Holders = validator.Set.Holders.Select((h, i) => new ShareHolder(h.Operator, shares[i].PublicShare)).ToList(),
        };
        foreach (var node in cluster.Nodes)
        {
            var share = shares[(int)node.Id.Value - 1];
            Assert.NotEqual(validator.Shares[(int)node.Id.Value - 1].PublicShare.PublicKey, share.PublicShare.PublicKey);
            node.Keys.AddShare(validator.Id, share);
            node.Validators.Add(set);
        }
    }
}
