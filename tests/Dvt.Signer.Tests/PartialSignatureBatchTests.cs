using System.Text;
using Dvt.Crypto.Bls;
using Dvt.Crypto.Threshold;
using Dvt.Signer.Peer;
using Dvt.Signer.Tests.Cluster;

namespace Dvt.Signer.Tests;

/// <summary>
/// The batched peer path (POST /peer/v1/partial-signature-batches) abused by an authenticated holder of a 3-of-4
/// validator: a forged partial among good ones, a partial under another holder's index, an oversized batch. Each item is judged as the single path judges
/// one request; the undecided-roots case is in <see cref="DecidedValueTests"/>, whose holders run duty consensus.
/// </summary>
public sealed class PartialSignatureBatchTests : IAsyncLifetime
{
    private SignerCluster _cluster = null!;

    public async Task InitializeAsync() => _cluster = await SignerCluster.StartAsync(3, 4);

    public async Task DisposeAsync() => await _cluster.DisposeAsync();

    [Fact]
    public async Task A_forged_partial_inside_a_batch_is_never_combined_its_sender_is_named_and_the_good_items_are_answered()
    {
        var validator = _cluster.Validators[0];
        var sender = _cluster.Node(2);
        var holder = _cluster.Node(3);
        var good = SignRequestBodies.RandaoReveal(31);
        var forged = SignRequestBodies.RandaoReveal(32);
        var goodRoot = SignRequestBodies.SigningRootOf(good);
        var forgedRoot = SignRequestBodies.SigningRootOf(forged);
        // Operator 2's own share, but over the other root: it does not verify as its partial for `forged`. The third
        // item claims operator 4's share index: only a holder's own index is ever taken from it.
        var items = new[]
        {
            Item(validator.Set.PublicKey, good, validator.Shares[1].Sign(goodRoot.AsSpan())),
            Item(validator.Set.PublicKey, forged, validator.Shares[1].Sign(goodRoot.AsSpan())),
            Item(validator.Set.PublicKey, forged, validator.Shares[3].Sign(forgedRoot.AsSpan())),
        };
        var (status, text) = await PostBatchAsync(sender, holder, PartialSignatureBatchMessages.EncodeRequest(items));
        Assert.True(status == 200, $"expected 200, got {status}: {text}");
        var answers = PartialSignatureBatchMessages.ParseResponse(Encoding.UTF8.GetBytes(text), 3);

        // Holder 3's own partial does not depend on the pushed one (it is decided data, under its own checks): both
        // roots are answered with it; the pushed partials are not verified on arrival.
        var answered = Assert.IsType<PartialSignatureBatchAnswer.Answered>(answers[0]);
        Assert.True(ThresholdSigning.VerifyPartial(answered.Partial!, validator.Shares[2].PublicShare, goodRoot.AsSpan()));
        var answeredForged = Assert.IsType<PartialSignatureBatchAnswer.Answered>(answers[1]);
        Assert.True(ThresholdSigning.VerifyPartial(answeredForged.Partial!, validator.Shares[2].PublicShare, forgedRoot.AsSpan()));
        var refused = Assert.IsType<PartialSignatureBatchAnswer.Error>(answers[2]);
        Assert.Equal(400, refused.Status);
        Assert.Contains("is not operator 2's share", refused.Message);
        Assert.Equal(1, holder.Services.Metrics.PeerRequests.WithLabels("bad-partial").Value);
        // At least these two: holder 3's joining spreads its partial, and the holders it reaches push theirs back to it.
        Assert.True(holder.Services.Metrics.PeerRequests.WithLabels("signed").Value >= 2);

        // Holder 3's client asks for the forged root: the forged partial is held, but the signature served verifies
        // against the validator key (the combination that used it failed, it was checked alone and dropped), and
        // operator 2 is named for it.
        var signed = await holder.SignAsync(SignRequestBodies.Hex(validator.Set.PublicKey.Span), forged);
        Assert.True(signed.Status == 200, signed.Body);
        Assert.True(validator.Set.PublicKey.Verify(forgedRoot.AsSpan(), BlsSignature.Decode(SignRequestBodies.SignatureOf(signed.Body))));
        await Eventually.HoldsAsync(() => holder.Services.Metrics.PartialFailures.WithLabels("2", "2", "bad-partial").Value >= 1,
            TimeSpan.FromSeconds(15), () => "operator 2 is counted for its bad partial");
    }

    [Fact]
    public async Task A_batch_of_more_than_the_most_items_is_refused_whole_and_nothing_is_signed()
    {
        var validator = _cluster.Validators[0];
        var sender = _cluster.Node(2);
        var holder = _cluster.Node(3);
        var items = Enumerable.Range(0, PartialSignatureBatchMessages.MaxItems + 1)
            .Select(i => Item(validator.Set.PublicKey, SignRequestBodies.RandaoReveal(100 + (ulong)i), null))
            .ToList();
        var (status, text) = await PostBatchAsync(sender, holder, PartialSignatureBatchMessages.EncodeRequest(items));
        Assert.True(status == 400, $"expected 400, got {status}: {text}");
        Assert.Contains($"at most {PartialSignatureBatchMessages.MaxItems}", text);
        Assert.Equal(0, PartialExchangeTests.TotalSentBy(holder));
        Assert.Equal(0, holder.Services.Metrics.PeerRequests.WithLabels("signed").Value);
    }

    [Fact]
    public async Task A_batch_carrying_headers_signed_for_the_single_path_is_refused()
    {
        var validator = _cluster.Validators[0];
        var body = PartialSignatureBatchMessages.EncodeRequest([Item(validator.Set.PublicKey, SignRequestBodies.RandaoReveal(40), null)]);
        // Headers signed for the single path do not authenticate the batch path: the digest covers the path.
        using var signer = new PeerRequestSigner(_cluster.Node(2).Id, _cluster.Node(2).EthereumKey, TimeProvider.System);
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(_cluster.Node(3).Endpoint, PartialSignatureBatchMessages.Path)) { Content = new ByteArrayContent(body) };
        foreach (var header in signer.CreateHeaders(_cluster.Node(3).Id, "POST", PartialSignatureMessages.Path, body))
            request.Headers.TryAddWithoutValidation(header.Key, header.Value);
        var (status, text) = await _cluster.Node(3).SendRawAsync(request);
        // The digest over another path recovers another address than the operator's registered one: 403, as any forged signature.
        Assert.True(status == 403, $"expected 403, got {status}: {text}");
        Assert.Equal(0, PartialExchangeTests.TotalSentBy(_cluster.Node(3)));
    }

    internal static byte[] Item(BlsPublicKey validatorKey, string web3SignerBody, PartialSignature? partial)
        => PartialSignatureMessages.EncodeRequest(validatorKey, Encoding.UTF8.GetBytes(web3SignerBody), partial);

    /// <summary>What another holder's coordinator sends: a batch signed with its operator key for the recipient.</summary>
    internal static async Task<(int Status, string Body)> PostBatchAsync(SignerNode sender, SignerNode recipient, byte[] body)
    {
        using var signer = new PeerRequestSigner(sender.Id, sender.EthereumKey, TimeProvider.System);
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(recipient.Endpoint, PartialSignatureBatchMessages.Path)) { Content = new ByteArrayContent(body) };
        foreach (var header in signer.CreateHeaders(recipient.Id, "POST", PartialSignatureBatchMessages.Path, body))
            request.Headers.TryAddWithoutValidation(header.Key, header.Value);
        return await recipient.SendRawAsync(request);
    }
}
