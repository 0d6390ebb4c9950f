using System.Text;
using System.Text.Json;
using Dvt.Consensus.Ssz;
using Dvt.Crypto.Bls;
using Dvt.Signer.Peer;
using Dvt.Signer.Tests.Cluster;

namespace Dvt.Signer.Tests;

/// <summary>
/// Partials only for decided values, in a 3-of-4 cluster whose holders run duty consensus (QBFT over their peer
/// listeners, the beacon-node API on their validator-client listeners) against beacon nodes that each see a different
/// head: the race of issue 11 (two validator clients asking for different data in one slot, each collecting fewer than
/// t partials) cannot happen, and data the holders did not decide gets no partial from anyone.
/// </summary>
public sealed class DecidedValueTests : IAsyncLifetime
{
    private readonly List<FaultInjectingBeaconNode> _beaconNodes = [];
    private SignerCluster _cluster = null!;

    public async Task InitializeAsync()
    {
        for (var i = 1; i <= 4; i++)
            _beaconNodes.Add(await FaultInjectingBeaconNode.StartAsync(i));
        _cluster = await SignerCluster.StartAsync(3, 4, beaconNodeOf: id => _beaconNodes[(int)id - 1].Url);
    }

    public async Task DisposeAsync()
    {
        await _cluster.DisposeAsync();
        foreach (var node in _beaconNodes)
            await node.DisposeAsync();
    }

    [Fact]
    public async Task Two_clients_asking_different_holders_for_one_slots_data_both_get_the_one_decided_value_and_one_signature()
    {
        const ulong slot = 41;
        var asked = await Task.WhenAll(
            AttestationDataAsync(_cluster.Node(2), slot, committee: 0),
            AttestationDataAsync(_cluster.Node(3), slot, committee: 1));
        var roots = asked.Select(d => d.GetProperty("beacon_block_root").GetString()).ToArray();
        Assert.Equal(roots[0], roots[1]);
        Assert.Contains(roots[0], _beaconNodes.Select(b => b.HeadRoot));
        Assert.Equal("0", asked[0].GetProperty("index").GetString());
        Assert.Equal("1", asked[1].GetProperty("index").GetString());

        // Both clients sign what they were served (the same vote, committee 0) through their own holder: one signature.
        var body = AttestationBody(asked[0]);
        var key = _cluster.Validators[0].Set.PublicKey;
        var signed = await Task.WhenAll(_cluster.Node(2).SignAsync(Hex(key), body), _cluster.Node(3).SignAsync(Hex(key), body));
        Assert.All(signed, s => Assert.Equal(200, s.Status));
        Assert.Equal(SignRequestBodies.SignatureOf(signed[0].Body), SignRequestBodies.SignatureOf(signed[1].Body));
        Assert.True(key.Verify(SignRequestBodies.SigningRootOf(body).AsSpan(), BlsSignature.Decode(SignRequestBodies.SignatureOf(signed[0].Body))));
    }

    [Fact]
    public async Task A_client_asking_for_an_attestation_other_than_the_decided_one_gets_no_signature()
    {
        const ulong slot = 49;
        var decided = await AttestationDataAsync(_cluster.Node(2), slot, committee: 0);
        var other = _beaconNodes.Select(b => b.HeadRoot).First(r => r != decided.GetProperty("beacon_block_root").GetString());
        var body = AttestationBody(decided, beaconBlockRoot: other);
        var (status, text, _) = await _cluster.Node(4).SignAsync(Hex(_cluster.Validators[0].Set.PublicKey), body);
        Assert.True(status == 403, $"expected 403, got {status}: {text}");
        Assert.Contains("differs from the one the holders decided", text);
    }

    [Fact]
    public async Task A_peers_partial_request_for_an_attestation_nobody_decided_is_refused_and_nothing_is_recorded()
    {
        // Every holder's beacon node is silent for this slot: no holder has data to propose, so nothing is decided.
        const ulong slot = FaultInjectingBeaconNode.SilentFromSlot + 3;
        var body = SignRequestBodies.Attestation(source: slot / 8 - 1, target: slot / 8, slot: slot);
        var asker = _cluster.Node(2);
        var holder = _cluster.Node(3);
        var peerBody = PartialSignatureMessages.EncodeRequest(_cluster.Validators[0].Set.PublicKey, Encoding.UTF8.GetBytes(body));
        using var signer = new PeerRequestSigner(asker.Id, asker.EthereumKey, TimeProvider.System);
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(holder.Endpoint, PartialSignatureMessages.Path)) { Content = new ByteArrayContent(peerBody) };
        foreach (var header in signer.CreateHeaders(holder.Id, "POST", PartialSignatureMessages.Path, peerBody))
            request.Headers.TryAddWithoutValidation(header.Key, header.Value);
        using var http = new HttpClient();
        using var response = await http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True((int)response.StatusCode == 403, $"expected 403, got {(int)response.StatusCode}: {text}");
        Assert.Contains("decided no attestation data", text);

        // Not recorded: the refusal comes before the slashing record, so the holder's history has nothing at that target.
        var history = await holder.Store.ExportAsync();
        Assert.DoesNotContain(history.Data.SelectMany(d => d.SignedAttestations), a => a.Target.Value == slot / 8);
    }

    [Fact]
    public async Task Pushed_partials_for_an_undecided_attestation_do_not_make_a_holder_sign_and_are_never_combined()
    {
        // Nothing is decided at this slot. Two holders' coordinators (impersonated with their own operator keys and
        // shares: each partial verifies) push their partials to holder 3; with its own they would make t = 3.
        const ulong slot = FaultInjectingBeaconNode.SilentFromSlot + 5;
        var body = SignRequestBodies.Attestation(source: slot / 8 - 1, target: slot / 8, slot: slot);
        var root = SignRequestBodies.SigningRootOf(body);
        var validator = _cluster.Validators[0];
        var holder = _cluster.Node(3);
        foreach (var sender in new[] { _cluster.Node(2), _cluster.Node(4) })
        {
            var partial = validator.Shares[(int)sender.Id.Value - 1].Sign(root.AsSpan());
            var (status, text) = await PartialExchangeTests.PushAsync(sender, holder, body, partial, validator.Set.PublicKey);
            Assert.True(status == 403, $"expected 403, got {status}: {text}");
            Assert.Contains("decided no attestation data", text);
        }

        // Holder 3 signed nothing (nothing sent, nothing recorded), and its own client is served no signature for it.
        var (signStatus, signText, _) = await holder.SignAsync(Hex(validator.Set.PublicKey), body);
        Assert.True(signStatus == 403, $"expected 403, got {signStatus}: {signText}");
        Assert.Equal(0, PartialExchangeTests.TotalSentBy(holder));
        var history = await holder.Store.ExportAsync();
        Assert.DoesNotContain(history.Data.SelectMany(d => d.SignedAttestations), a => a.Target.Value == slot / 8);
    }

    [Fact]
    public async Task A_batch_of_pushed_partials_for_undecided_attestations_gets_no_partial_for_any_item_and_nothing_is_recorded()
    {
        // Nothing is decided at these slots; operator 2 pushes its own (verifying) partials for both in one batch.
        var validator = _cluster.Validators[0];
        var sender = _cluster.Node(2);
        var holder = _cluster.Node(3);
        var slots = new[] { FaultInjectingBeaconNode.SilentFromSlot + 9, FaultInjectingBeaconNode.SilentFromSlot + 17 };
        var bodies = slots.Select(slot => SignRequestBodies.Attestation(source: slot / 8 - 1, target: slot / 8, slot: slot)).ToList();
        var items = bodies.Select(body => PartialSignatureBatchTests.Item(validator.Set.PublicKey, body,
            validator.Shares[1].Sign(SignRequestBodies.SigningRootOf(body).AsSpan()))).ToList();
        var (status, text) = await PartialSignatureBatchTests.PostBatchAsync(sender, holder, PartialSignatureBatchMessages.EncodeRequest(items));
        Assert.True(status == 200, $"expected 200 (answers per item), got {status}: {text}");
        var answers = PartialSignatureBatchMessages.ParseResponse(Encoding.UTF8.GetBytes(text), items.Count);
        Assert.All(answers, answer =>
        {
            var refused = Assert.IsType<PartialSignatureBatchAnswer.Error>(answer);
            Assert.Equal(403, refused.Status);
            Assert.Contains("decided no attestation data", refused.Message);
        });
        Assert.Equal(0, PartialExchangeTests.TotalSentBy(holder));
        var history = await holder.Store.ExportAsync();
        Assert.DoesNotContain(history.Data.SelectMany(d => d.SignedAttestations), a => slots.Any(s => a.Target.Value == s / 8));
    }

    [Fact]
    public async Task Different_beacon_nodes_aggregates_are_decided_once_and_only_the_decided_aggregate_gets_partials()
    {
        const ulong slot = 57;
        const ulong committee = 1;
        // Every holder runs the validator's client (as with the scheduler, each starts the instance with its own data).
        var data = await Task.WhenAll(_cluster.Nodes.Select(node => AttestationDataAsync(node, slot, committee: (int)committee)));
        var variant = VariantOf(data[0].GetProperty("beacon_block_root").GetString()!);
        var dataRoot = FaultInjectingBeaconNode.DataOf(variant, slot, committee).HashTreeRoot();

        // Each holder's beacon node aggregated other bits; every client gets the one decided aggregate.
        var served = await Task.WhenAll(_cluster.Nodes.Select(node => AggregateAsync(node, slot, dataRoot)));
        Assert.All(served, s => Assert.True(s.Status == 200, $"expected 200, got {s.Status}: {s.Data}"));
        Assert.All(served, s => Assert.Equal(served[0].Data, s.Data));
        var decidedBits = JsonDocument.Parse(served[0].Data).RootElement.GetProperty("aggregation_bits").GetString();
        Assert.Contains(decidedBits, Enumerable.Range(1, 4).Select(v => $"0x{FaultInjectingBeaconNode.OwnBits(v):x2}01"));

        // The decided aggregate is threshold-signed.
        var key = _cluster.Validators[0].Set.PublicKey;
        var body = AggregateAndProofBody(served[0].Data);
        var signed = await _cluster.Node(4).SignAsync(Hex(key), body);
        Assert.True(signed.Status == 200, $"expected 200, got {signed.Status}: {signed.Body}");
        Assert.True(key.Verify(SignRequestBodies.SigningRootOf(body).AsSpan(), BlsSignature.Decode(SignRequestBodies.SignatureOf(signed.Body))));

        // Abuse: another holder's beacon node's aggregate of the very same data gets no partial (and so no signature).
        var otherBits = Enumerable.Range(1, 4).Select(FaultInjectingBeaconNode.OwnBits).First(b => $"0x{b:x2}01" != decidedBits);
        var other = FaultInjectingBeaconNode.AggregateJson(FaultInjectingBeaconNode.DataOf(variant, slot, committee), otherBits);
        var refused = await _cluster.Node(1).SignAsync(Hex(key), AggregateAndProofBody(other));
        Assert.True(refused.Status == 403, $"expected 403, got {refused.Status}: {refused.Body}");
        Assert.Contains("differs from the one the holders decided", refused.Body);

        // Abuse: an aggregate of attestation data the holders did not decide is not even served.
        var otherVariant = Enumerable.Range(1, 4).First(v => v != variant);
        var undecided = await AggregateAsync(_cluster.Node(2), slot, FaultInjectingBeaconNode.DataOf(otherVariant, slot, committee).HashTreeRoot());
        Assert.True(undecided.Status == 400, $"expected 400, got {undecided.Status}: {undecided.Data}");
        Assert.Contains("is not the attestation data the holders decided", undecided.Data);
    }

    [Fact]
    public async Task Electra_aggregates_are_decided_per_committee_and_only_the_decided_one_gets_partials()
    {
        const ulong slot = 73;
        const ulong committee = 2;
        var data = await Task.WhenAll(_cluster.Nodes.Select(node => AttestationDataAsync(node, slot, committee: (int)committee)));
        var variant = VariantOf(data[0].GetProperty("beacon_block_root").GetString()!);
        // Electra's data has index 0: its root does not name the committee, committee_index does.
        var dataRoot = FaultInjectingBeaconNode.DataOf(variant, slot, 0).HashTreeRoot();

        var served = await Task.WhenAll(_cluster.Nodes.Select(node => ElectraAggregateAsync(node, slot, committee, dataRoot)));
        Assert.All(served, s => Assert.True(s.Status == 200, $"expected 200, got {s.Status}: {s.Data}"));
        Assert.All(served, s => Assert.Equal(served[0].Data, s.Data));
        var decided = JsonDocument.Parse(served[0].Data).RootElement;
        Assert.Equal("0x04", decided.GetProperty("committee_bits").GetString());
        Assert.Equal("0", decided.GetProperty("data").GetProperty("index").GetString());

        var key = _cluster.Validators[0].Set.PublicKey;
        var body = ElectraAggregateAndProofBody(served[0].Data);
        var signed = await _cluster.Node(4).SignAsync(Hex(key), body);
        Assert.True(signed.Status == 200, $"expected 200, got {signed.Status}: {signed.Body}");
        Assert.True(key.Verify(SignRequestBodies.SigningRootOf(body).AsSpan(), BlsSignature.Decode(SignRequestBodies.SignatureOf(signed.Body))));

        // Abuse: another beacon node's aggregate of the same data and committee, and the decided one for another committee.
        var decidedBits = decided.GetProperty("aggregation_bits").GetString();
        var otherBits = Enumerable.Range(1, 4).Select(FaultInjectingBeaconNode.OwnBits).First(b => $"0x{b:x2}01" != decidedBits);
        foreach (var forged in new[]
                 {
                     FaultInjectingBeaconNode.ElectraAggregateJson(FaultInjectingBeaconNode.DataOf(variant, slot, 0), committee, otherBits),
                     FaultInjectingBeaconNode.ElectraAggregateJson(FaultInjectingBeaconNode.DataOf(variant, slot, 0), committee + 1, Convert.ToByte(decidedBits![2..4], 16)),
                 })
        {
            var refused = await _cluster.Node(1).SignAsync(Hex(key), ElectraAggregateAndProofBody(forged));
            Assert.True(refused.Status == 403, $"expected 403, got {refused.Status}: {refused.Body}");
        }

        // Abuse: undecided attestation data is not served.
        var otherVariant = Enumerable.Range(1, 4).First(v => v != variant);
        var undecided = await ElectraAggregateAsync(_cluster.Node(2), slot, committee, FaultInjectingBeaconNode.DataOf(otherVariant, slot, 0).HashTreeRoot());
        Assert.True(undecided.Status == 400, $"expected 400, got {undecided.Status}: {undecided.Data}");
    }

    private static async Task<(int Status, string Data)> ElectraAggregateAsync(SignerNode node, ulong slot, ulong committee, Dvt.Consensus.Primitives.Root dataRoot)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(20) };
        using var response = await http.GetAsync(new Uri(node.ValidatorClientEndpoint,
            $"/eth/v2/validator/aggregate_attestation?attestation_data_root={dataRoot}&slot={slot}&committee_index={committee}"));
        var text = await response.Content.ReadAsStringAsync();
        if (!response.IsSuccessStatusCode)
            return ((int)response.StatusCode, text);
        var root = JsonDocument.Parse(text).RootElement;
        Assert.Equal("electra", root.GetProperty("version").GetString());
        return ((int)response.StatusCode, root.GetProperty("data").GetRawText());
    }

    private static string ElectraAggregateAndProofBody(string aggregateJson) =>
        "{\"type\":\"AGGREGATE_AND_PROOF_V2\",\"fork_info\":" + SignRequestBodies.ForkInfo.Trim()
        + ",\"aggregate_and_proof\":{\"version\":\"ELECTRA\",\"data\":{\"aggregator_index\":\"0\",\"aggregate\":" + aggregateJson
        + ",\"selection_proof\":\"" + SelectionProof + "\"}}}";

    [Fact]
    public async Task A_contribution_is_served_and_signed_only_for_the_decided_head_root_and_the_decided_bits()
    {
        const ulong slot = 65;
        const ulong subcommittee = 2;
        // Every holder's client asks with each head root in turn; the first round also runs the head-root instance.
        // Only the decided head root is served a contribution, the same one at every holder.
        var answers = new List<(int Variant, int Status, string Data)>();
        for (var v = 1; v <= 4; v++)
        {
            var root = FaultInjectingBeaconNode.HeadRootOf(v);
            var atEach = await Task.WhenAll(_cluster.Nodes.Select(node => ContributionAsync(node, slot, subcommittee, root)));
            Assert.All(atEach, a => Assert.Equal(atEach[0], a));
            answers.Add((v, atEach[0].Status, atEach[0].Data));
        }
        var decided = Assert.Single(answers, a => a.Status == 200);
        Assert.All(answers.Where(a => a.Status != 200), a =>
        {
            Assert.Equal(400, a.Status);
            Assert.Contains("is not the head root the holders decided", a.Data);
        });

        var key = _cluster.Validators[0].Set.PublicKey;
        var body = ContributionAndProofBody(decided.Data);
        var signed = await _cluster.Node(3).SignAsync(Hex(key), body);
        Assert.True(signed.Status == 200, $"expected 200, got {signed.Status}: {signed.Body}");
        Assert.True(key.Verify(SignRequestBodies.SigningRootOf(body).AsSpan(), BlsSignature.Decode(SignRequestBodies.SignatureOf(signed.Body))));

        // Abuse: the same head root with other aggregation bits, and the decided bits over another head root.
        var decidedBits = JsonDocument.Parse(decided.Data).RootElement.GetProperty("aggregation_bits").GetString();
        var otherBits = Enumerable.Range(1, 4).Select(FaultInjectingBeaconNode.OwnBits).First(b => $"0x{b:x2}" != decidedBits);
        var otherRoot = FaultInjectingBeaconNode.HeadRootOf(Enumerable.Range(1, 4).First(v => v != decided.Variant));
        foreach (var forged in new[]
                 {
                     FaultInjectingBeaconNode.ContributionJson(slot, FaultInjectingBeaconNode.HeadRootOf(decided.Variant), subcommittee, otherBits),
                     FaultInjectingBeaconNode.ContributionJson(slot, otherRoot, subcommittee, Convert.ToByte(decidedBits![2..], 16)),
                 })
        {
            var refused = await _cluster.Node(4).SignAsync(Hex(key), ContributionAndProofBody(forged));
            Assert.True(refused.Status == 403, $"expected 403, got {refused.Status}: {refused.Body}");
            Assert.Contains("differs from the one the holders decided", refused.Body);
        }
    }

    private static int VariantOf(string headRoot) =>
        Enumerable.Range(1, 4).Single(v => FaultInjectingBeaconNode.HeadRootOf(v) == headRoot);

    private static async Task<(int Status, string Data)> AggregateAsync(SignerNode node, ulong slot, Dvt.Consensus.Primitives.Root dataRoot)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(20) };
        using var response = await http.GetAsync(new Uri(node.ValidatorClientEndpoint, $"/eth/v1/validator/aggregate_attestation?attestation_data_root={dataRoot}&slot={slot}"));
        var text = await response.Content.ReadAsStringAsync();
        return response.IsSuccessStatusCode
            ? ((int)response.StatusCode, JsonDocument.Parse(text).RootElement.GetProperty("data").GetRawText())
            : ((int)response.StatusCode, text);
    }

    private static async Task<(int Status, string Data)> ContributionAsync(SignerNode node, ulong slot, ulong subcommittee, string blockRoot)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(20) };
        using var response = await http.GetAsync(new Uri(node.ValidatorClientEndpoint,
            $"/eth/v1/validator/sync_committee_contribution?slot={slot}&subcommittee_index={subcommittee}&beacon_block_root={blockRoot}"));
        var text = await response.Content.ReadAsStringAsync();
        return response.IsSuccessStatusCode
            ? ((int)response.StatusCode, JsonDocument.Parse(text).RootElement.GetProperty("data").GetRawText())
            : ((int)response.StatusCode, text);
    }

    private const string SelectionProof =
        "0xb4821d1d7f83a9bce51f9655bfcbcc6ce33bc7552402d95969ffe86b776a61d5034892408de8d7192cef2aea17ddd8b119bd44ce7c3399bd55fe7111e15a4b40991f3ad0c53415d7082cc1b289d4ffea9a230f426638b12b0a9291f163fe0b1b";

    private static string AggregateAndProofBody(string aggregateJson) =>
        "{\"type\":\"AGGREGATE_AND_PROOF\",\"fork_info\":" + SignRequestBodies.ForkInfo.Trim()
        + ",\"aggregate_and_proof\":{\"aggregator_index\":\"0\",\"aggregate\":" + aggregateJson + ",\"selection_proof\":\"" + SelectionProof + "\"}}";

    private static string ContributionAndProofBody(string contributionJson) =>
        "{\"type\":\"SYNC_COMMITTEE_CONTRIBUTION_AND_PROOF\",\"fork_info\":" + SignRequestBodies.ForkInfo.Trim()
        + ",\"contribution_and_proof\":{\"aggregator_index\":\"0\",\"contribution\":" + contributionJson + ",\"selection_proof\":\"" + SelectionProof + "\"}}";

    private static async Task<JsonElement> AttestationDataAsync(SignerNode node, ulong slot, int committee)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(20) };
        var url = new Uri(node.ValidatorClientEndpoint, $"/eth/v1/validator/attestation_data?slot={slot}&committee_index={committee}");
        using var response = await http.GetAsync(url);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"{url}: {(int)response.StatusCode} {text}");
        using var document = JsonDocument.Parse(text);
        return document.RootElement.GetProperty("data").Clone();
    }

    private static string AttestationBody(JsonElement data, string? beaconBlockRoot = null)
    {
        var attestation = System.Text.Json.Nodes.JsonNode.Parse(data.GetRawText())!.AsObject();
        attestation["index"] = "0";
        if (beaconBlockRoot is not null)
            attestation["beacon_block_root"] = beaconBlockRoot;
        return "{\"type\":\"ATTESTATION\",\"fork_info\":" + SignRequestBodies.ForkInfo.Trim() + ",\"attestation\":" + attestation.ToJsonString() + "}";
    }

    private static string Hex(BlsPublicKey key) => "0x" + Convert.ToHexStringLower(key.Span);
}
