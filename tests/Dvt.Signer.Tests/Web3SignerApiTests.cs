using System.Text.Json;
using System.Text.RegularExpressions;
using Dvt.Crypto.Bls;
using Dvt.Signer.Tests.Cluster;

namespace Dvt.Signer.Tests;

/// <summary>The Web3Signer surface: status codes, response formats and shapes, solo signing, slashing refusals.</summary>
public sealed partial class Web3SignerApiTests : IAsyncLifetime
{
    private SignerCluster _cluster = null!;

    public async Task InitializeAsync() => _cluster = await SignerCluster.StartAsync(3, 4, validatorCount: 4);

    public async Task DisposeAsync() => await _cluster.DisposeAsync();

    private string Key(int index) => SignRequestBodies.Hex(_cluster.Validators[index].Set.PublicKey.Span);

    [Fact]
    public async Task Upcheck_answers_OK_and_healthcheck_reports_UP()
    {
        var (status, body) = await _cluster.Node(1).GetAsync("/upcheck");
        Assert.Equal((200, "OK"), (status, body));
        var (healthStatus, health) = await _cluster.Node(1).GetAsync("/healthcheck");
        Assert.Equal(200, healthStatus);
        using var document = JsonDocument.Parse(health);
        Assert.Equal("UP", document.RootElement.GetProperty("status").GetString());
    }

    [Fact]
    public async Task Public_keys_lists_every_served_key_as_0x_hex()
    {
        var (status, body) = await _cluster.Node(1).GetAsync("/api/v1/eth2/publicKeys");
        Assert.Equal(200, status);
        var keys = JsonSerializer.Deserialize<string[]>(body)!;
        var expected = _cluster.Validators.Select(v => SignRequestBodies.Hex(v.Set.PublicKey.Span)).Append(SignRequestBodies.Hex(_cluster.Solo.Set.PublicKey.Span));
        Assert.Equal(expected.Order(), keys.Order());
    }

    [Fact]
    public async Task Unknown_key_is_404()
    {
        var stranger = SignRequestBodies.Hex(BlsSecretKey.Generate().PublicKey.Span);
        var (status, body, _) = await _cluster.Node(2).SignAsync(stranger, SignRequestBodies.RandaoReveal(3));
        Assert.Equal(404, status);
        Assert.Contains(stranger, body);
    }

    [Theory]
    [InlineData("0x1234", "identifier")]
    [InlineData("not-hex-at-all", "identifier")]
    public async Task Malformed_identifier_is_400_naming_it(string identifier, string named)
    {
        var (status, body, _) = await _cluster.Node(2).SignAsync(identifier, SignRequestBodies.RandaoReveal(3));
        Assert.Equal(400, status);
        Assert.Contains(named, body);
    }

    [Theory]
    [InlineData("""{"type":"RANDAO_REVEAL","fork_info":FORK,"randao_reveal":{"epoch":"x"}}""", "randao_reveal.epoch")]
    [InlineData("""{"type":"RANDAO_REVEAL","fork_info":FORK}""", "randao_reveal")]
    [InlineData("""{"type":"NOT_A_TYPE","fork_info":FORK}""", "type")]
    [InlineData("""{"type":"ATTESTATION","fork_info":FORK,"attestation":{"slot":"1"}}""", "attestation")]
    [InlineData("""{"type":"RANDAO_REVEAL","randao_reveal":{"epoch":"1"}}""", "fork_info")]
    [InlineData("""{"type":"RANDAO_REVEAL","fork_info":FORK,"randao_reveal":{"epoch":"1"},"extra":1}""", "extra")]
    [InlineData("""[1,2,3]""", "(body)")]
    [InlineData("""{"type":""", "(body)")]
    public async Task Malformed_body_is_400_naming_the_field(string template, string field)
    {
        var body = template.Replace("FORK", SignRequestBodies.ForkInfo.Trim());
        var (status, response, _) = await _cluster.Node(2).SignAsync(Key(0), body);
        Assert.Equal(400, status);
        Assert.Contains(field, response);
    }

    [Fact]
    public async Task A_signing_root_that_is_not_the_typed_objects_is_400()
    {
        var body = "{\"signingRoot\":\"0x" + new string('5', 64) + "\"," + SignRequestBodies.RandaoReveal(4)[1..];
        var (status, response, _) = await _cluster.Node(2).SignAsync(Key(0), body);
        Assert.Equal(400, status);
        Assert.Contains("signingRoot", response);
    }

    [Fact]
    public async Task The_correct_signing_root_claim_is_accepted()
    {
        var plain = SignRequestBodies.RandaoReveal(4);
        var body = "{\"signingRoot\":\"" + SignRequestBodies.SigningRootOf(plain) + "\"," + plain[1..];
        var (status, response, _) = await _cluster.Node(2).SignAsync(Key(0), body);
        Assert.True(status == 200, response);
    }

    [Fact]
    public async Task Text_plain_gets_bare_hex_and_json_or_no_accept_gets_json()
    {
        var body = SignRequestBodies.RandaoReveal(5);
        var root = SignRequestBodies.SigningRootOf(body);
        var key = _cluster.Validators[0].Set.PublicKey;

        var (textStatus, text, textType) = await _cluster.Node(2).SignAsync(Key(0), body, "text/plain");
        var (jsonStatus, json, jsonType) = await _cluster.Node(3).SignAsync(Key(0), body, "application/json");
        var (noneStatus, none, noneType) = await _cluster.Node(4).SignAsync(Key(0), body);

        Assert.Equal((200, 200, 200), (textStatus, jsonStatus, noneStatus));
        Assert.Equal("text/plain", textType);
        Assert.Matches("^0x[0-9a-f]{192}$", text);
        Assert.True(key.Verify(root.AsSpan(), BlsSignature.Decode(Convert.FromHexString(text[2..]))));
        Assert.Equal(("application/json", "application/json"), (jsonType, noneType));
        // BLS signatures are deterministic: every asker combines the same signature.
        Assert.Equal(text, JsonDocument.Parse(json).RootElement.GetProperty("signature").GetString());
        Assert.Equal(text, JsonDocument.Parse(none).RootElement.GetProperty("signature").GetString());
    }

    [Fact]
    public async Task A_conflicting_attestation_is_412_with_the_evidence_and_a_repeat_is_signed_again()
    {
        var first = SignRequestBodies.Attestation(1, 2, variant: 0);
        var conflicting = SignRequestBodies.Attestation(1, 2, variant: 1);

        var (status, response, _) = await _cluster.Node(2).SignAsync(Key(1), first);
        Assert.True(status == 200, response);
        var (repeatStatus, repeat, _) = await _cluster.Node(3).SignAsync(Key(1), first);
        Assert.True(repeatStatus == 200, repeat);
        var (conflictStatus, conflict, _) = await _cluster.Node(2).SignAsync(Key(1), conflicting);

        Assert.Equal(412, conflictStatus);
        Assert.Contains("double vote", conflict);
    }

    [Fact]
    public async Task A_surrounding_vote_is_412()
    {
        Assert.Equal(200, (await _cluster.Node(2).SignAsync(Key(2), SignRequestBodies.Attestation(3, 4))).Status);
        var (status, body, _) = await _cluster.Node(2).SignAsync(Key(2), SignRequestBodies.Attestation(2, 5));
        Assert.Equal(412, status);
        Assert.Contains("surround", body);
    }

    [Fact]
    public async Task A_double_proposal_is_412()
    {
        Assert.Equal(200, (await _cluster.Node(3).SignAsync(Key(3), SignRequestBodies.BlockHeader(40, 0))).Status);
        var (status, body, _) = await _cluster.Node(3).SignAsync(Key(3), SignRequestBodies.BlockHeader(40, 1));
        Assert.Equal(412, status);
        Assert.Contains("double proposal", body);
    }

    [Fact]
    public async Task Another_chain_is_refused_with_412()
    {
        var body = SignRequestBodies.RandaoReveal(6).Replace("0xacac7566", "0xbcac7566");
        var (status, response, _) = await _cluster.Node(2).SignAsync(Key(0), body);
        Assert.Equal(412, status);
        Assert.Contains("genesis_validators_root", response);
    }

    [Fact]
    public async Task Solo_validator_is_signed_by_its_owner_with_slashing_protection()
    {
        var solo = SignRequestBodies.Hex(_cluster.Solo.Set.PublicKey.Span);
        var body = SignRequestBodies.Attestation(0, 1);
        var (status, response, _) = await _cluster.Node(1).SignAsync(solo, body);
        Assert.True(status == 200, response);
        Assert.True(_cluster.Solo.Set.PublicKey.Verify(SignRequestBodies.SigningRootOf(body).AsSpan(),
            BlsSignature.Decode(SignRequestBodies.SignatureOf(response))));

        var (conflictStatus, _, _) = await _cluster.Node(1).SignAsync(solo, SignRequestBodies.Attestation(0, 1, variant: 7));
        Assert.Equal(412, conflictStatus);
        // Other operators do not serve the owner's solo validator.
        Assert.Equal(404, (await _cluster.Node(2).SignAsync(solo, body)).Status);
    }

    [Theory]
    [InlineData("sign-approved.json")]
    [InlineData("sign-unknown-key.json")]
    [InlineData("public-keys.json")]
    [InlineData("healthcheck.json")]
    public async Task Response_shapes_match_the_golden_files(string golden)
    {
        string actual = golden switch
        {
            "sign-approved.json" => (await _cluster.Node(2).SignAsync(Key(0), SignRequestBodies.RandaoReveal(9))).Body,
            "sign-unknown-key.json" => (await _cluster.Node(2).SignAsync("0x" + new string('a', 96), SignRequestBodies.RandaoReveal(9))).Body,
            "public-keys.json" => (await _cluster.Node(3).GetAsync("/api/v1/eth2/publicKeys")).Body,
            "healthcheck.json" => (await _cluster.Node(3).GetAsync("/healthcheck")).Body,
            _ => throw new ArgumentOutOfRangeException(nameof(golden)),
        };
        var expected = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Golden", golden)).Trim();
        Assert.Equal(expected, Normalize(actual));
    }

    /// <summary>Keys and signatures differ per run; the golden files keep their length as 0x{N hex}.</summary>
    private static string Normalize(string json) => HexRun().Replace(json, m => m.Value == "0x" + new string('a', 96) ? m.Value : $"0x{{{m.Length - 2} hex}}");

    [GeneratedRegex("0x[0-9a-f]+")]
    private static partial Regex HexRun();
}
