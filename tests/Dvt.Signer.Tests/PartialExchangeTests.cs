using System.Text;
using Dvt.Consensus.Primitives;
using Dvt.Crypto.Bls;
using Dvt.Crypto.Threshold;
using Dvt.Signer.Peer;
using Dvt.Signer.Tests.Cluster;

namespace Dvt.Signer.Tests;

/// <summary>
/// One exchange per (validator, signing root) among the holders of a 3-of-4 validator: however many validator clients
/// ask, at whichever holders, each holder sends its partial to each other holder once, and every client is served the
/// one combined signature. A pushed partial that is not the sender's share's partial over the root is never combined
/// into a signature served, and its sender is named.
/// </summary>
public sealed class PartialExchangeTests : IAsyncLifetime
{
    private SignerCluster _cluster = null!;

    public async Task InitializeAsync() => _cluster = await SignerCluster.StartAsync(3, 4);

    public async Task DisposeAsync() => await _cluster.DisposeAsync();

    private string Key => SignRequestBodies.Hex(_cluster.Validators[0].Set.PublicKey.Span);

    [Fact]
    public async Task Twelve_clients_at_four_holders_asking_for_one_root_cost_one_partial_per_holder_pair_and_all_get_one_signature()
    {
        var body = SignRequestBodies.Attestation(source: 2, target: 3);
        var asks = _cluster.Nodes.SelectMany(node => Enumerable.Range(0, 3).Select(_ => node.SignAsync(Key, body))).ToList();
        var answers = await Task.WhenAll(asks);
        Assert.All(answers, a => Assert.True(a.Status == 200, $"expected 200, got {a.Status}: {a.Body}"));
        var signature = SignRequestBodies.SignatureOf(answers[0].Body);
        Assert.All(answers, a => Assert.Equal(signature, SignRequestBodies.SignatureOf(a.Body)));
        Assert.True(_cluster.Validators[0].Set.PublicKey.Verify(SignRequestBodies.SigningRootOf(body).AsSpan(), BlsSignature.Decode(signature)));

        // Every holder signed, so each ends up having sent its partial to each of the three others: 12 in all, and
        // the exchange must not send any of them twice. Pushes finish in the background, so wait for the 12.
        await Eventually.HoldsAsync(() => TotalSent() >= 12, TimeSpan.FromSeconds(20), () => $"partials sent: {Describe()}");
        foreach (var node in _cluster.Nodes)
        {
            foreach (var other in _cluster.Nodes.Where(o => o != node))
                Assert.True(Sent(node, other.Id) == 1, $"{node.Id} sent its partial to {other.Id} {Sent(node, other.Id)} times: {Describe()}");
            Assert.Equal(1, node.Services.Signer.ThresholdExchanges);
        }

        // Later clients are served the cached signature: nothing more goes on the wire.
        var later = await Task.WhenAll(_cluster.Nodes.Select(node => node.SignAsync(Key, body)));
        Assert.All(later, a => Assert.Equal(signature, SignRequestBodies.SignatureOf(a.Body)));
        Assert.Equal(12, TotalSent());
    }

    [Fact]
    public async Task A_client_at_one_holder_costs_one_push_to_each_other_holder_and_the_others_combine_without_asking_again()
    {
        var body = SignRequestBodies.RandaoReveal(7);
        var first = await _cluster.Node(2).SignAsync(Key, body);
        Assert.True(first.Status == 200, first.Body);
        await Eventually.HoldsAsync(() => TotalSent() >= 12, TimeSpan.FromSeconds(20), () => $"partials sent: {Describe()}");

        // The other holders got every partial in the spread: their clients are served without a new exchange on the wire.
        var others = await Task.WhenAll(_cluster.Nodes.Where(n => n.Id.Value != 2).Select(node => node.SignAsync(Key, body)));
        Assert.All(others, a => Assert.Equal(SignRequestBodies.SignatureOf(first.Body), SignRequestBodies.SignatureOf(a.Body)));
        Assert.Equal(12, TotalSent());
        Assert.All(_cluster.Nodes, node => Assert.All(_cluster.Nodes.Where(o => o != node), o => Assert.Equal(1, Sent(node, o.Id))));
    }

    [Fact]
    public async Task A_forged_pushed_partial_is_never_combined_does_not_poison_the_exchange_and_its_sender_is_named()
    {
        var body = SignRequestBodies.RandaoReveal(9);
        var root = SignRequestBodies.SigningRootOf(body);
        var validator = _cluster.Validators[0];
        var forgeries = new (string Name, PartialSignature Partial)[]
        {
            ("another holder's share under the sender's index", new PartialSignature(validator.Shares[1].Index, validator.Shares[3].Sign(root.AsSpan()).Signature)),
            ("the sender's share over another root", validator.Shares[1].Sign(SignRequestBodies.SigningRootOf(SignRequestBodies.RandaoReveal(10)).AsSpan())),
            ("a stranger's signature", new PartialSignature(validator.Shares[1].Index, BlsSecretKey.Generate().Sign(root.AsSpan()))),
        };
        // Under the sender's own index, a push is taken as it comes (verified only if it is ever combined): the holder
        // answers with its own partial, which does not depend on the pushed one.
        foreach (var (name, partial) in forgeries)
        {
            var (status, text) = await PushAsync(_cluster.Node(2), _cluster.Node(3), body, partial);
            Assert.True(status == 200, $"{name}: expected 200, got {status}: {text}");
        }
        // Another holder's index is refused outright: a push never fills another holder's place in the exchange.
        var (otherStatus, otherText) = await PushAsync(_cluster.Node(2), _cluster.Node(3), body, validator.Shares[3].Sign(root.AsSpan()));
        Assert.True(otherStatus == 400, $"expected 400, got {otherStatus}: {otherText}");
        Assert.Contains("is not operator 2's share", otherText);

        // The root is still signed correctly: the combination with the held forgery fails, the forgery is checked
        // alone and dropped, and the holders' real partials are combined. Operator 2 is named for it.
        var signed = await _cluster.Node(3).SignAsync(Key, body);
        Assert.True(signed.Status == 200, signed.Body);
        Assert.True(validator.Set.PublicKey.Verify(root.AsSpan(), BlsSignature.Decode(SignRequestBodies.SignatureOf(signed.Body))));
        await Eventually.HoldsAsync(() => _cluster.Node(3).Services.Metrics.PartialFailures.WithLabels("2", "2", "bad-partial").Value >= 1,
            TimeSpan.FromSeconds(15), () => "operator 2 is counted for its bad partial");

        // Operator 2's real partial still counts when it comes: the forgery did not take its place for good.
        var fromTwo = await _cluster.Node(2).SignAsync(Key, body);
        Assert.True(fromTwo.Status == 200, fromTwo.Body);
        Assert.Equal(SignRequestBodies.SignatureOf(signed.Body), SignRequestBodies.SignatureOf(fromTwo.Body));
    }

    /// <summary>What another holder's coordinator sends: the request with its own partial, signed with its operator key for the recipient.</summary>
    internal static async Task<(int Status, string Body)> PushAsync(SignerNode sender, SignerNode recipient, string web3SignerBody, PartialSignature partial, BlsPublicKey validatorKey)
    {
        var peerBody = PartialSignatureMessages.EncodeRequest(validatorKey, Encoding.UTF8.GetBytes(web3SignerBody), partial);
        using var signer = new PeerRequestSigner(sender.Id, sender.EthereumKey, TimeProvider.System);
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(recipient.Endpoint, PartialSignatureMessages.Path)) { Content = new ByteArrayContent(peerBody) };
        foreach (var header in signer.CreateHeaders(recipient.Id, "POST", PartialSignatureMessages.Path, peerBody))
            request.Headers.TryAddWithoutValidation(header.Key, header.Value);
        return await recipient.SendRawAsync(request);
    }

    private Task<(int Status, string Body)> PushAsync(SignerNode sender, SignerNode recipient, string web3SignerBody, PartialSignature partial)
        => PushAsync(sender, recipient, web3SignerBody, partial, _cluster.Validators[0].Set.PublicKey);

    internal static double Sent(SignerNode node, OperatorId to)
        => node.Services.Metrics.PartialsSent.WithLabels(to.Value.ToString(System.Globalization.CultureInfo.InvariantCulture)).Value;

    internal static double TotalSentBy(SignerNode node) => Enumerable.Range(1, 13).Sum(i => Sent(node, new OperatorId((ulong)i)));

    private double TotalSent() => _cluster.Nodes.Sum(TotalSentBy);

    private string Describe() => string.Join("; ", _cluster.Nodes.Select(n =>
        $"{n.Id}->" + string.Join(",", _cluster.Nodes.Where(o => o != n).Select(o => $"{o.Id}:{Sent(n, o.Id)}"))));
}
