using System.Text;
using System.Text.Json;
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
