using System.Text;
using System.Text.Json.Nodes;
using Dvt.Consensus.Containers;
using Dvt.Consensus.Primitives;
using Dvt.Consensus.Signing;
using Dvt.Consensus.Signing.Web3Signer;
using Dvt.Consensus.Ssz;

namespace Dvt.Consensus.Tests.Signing;

public sealed class SignRequestParserTests
{
    private const string ForkInfo = """
        {"fork":{"previous_version":"0x01000001","current_version":"0x02000001","epoch":"0"},
         "genesis_validators_root":"0xacac7566fdf384a1ada45c01dcf9030d7eb0e1e5f5302659101d0b2a5bb59092"}
        """;

    private const string Header = """
        {"slot":"8","proposer_index":"2",
         "parent_root":"0x1ab345f75bc49491aca53fdba69dcf7926f395bed9f38332ba879476a5f09b60",
         "state_root":"0x2a03498685f7dfee0955a2241b0943b336718a1c3167894dd75cc0dd401907c8",
         "body_root":"0x9593e0dc669e710dfb2a7ace09ee800d95595ddd834b9797986e7e3375fa9d27"}
        """;

    private static readonly SigningRoots Roots = new(ConsensusPreset.Minimal);

    public static TheoryData<SignRequestType, string> WireNames => new()
    {
        { SignRequestType.AggregationSlot, "AGGREGATION_SLOT" },
        { SignRequestType.AggregateAndProof, "AGGREGATE_AND_PROOF" },
        { SignRequestType.Attestation, "ATTESTATION" },
        { SignRequestType.BlockV2, "BLOCK_V2" },
        { SignRequestType.Deposit, "DEPOSIT" },
        { SignRequestType.RandaoReveal, "RANDAO_REVEAL" },
        { SignRequestType.VoluntaryExit, "VOLUNTARY_EXIT" },
        { SignRequestType.SyncCommitteeMessage, "SYNC_COMMITTEE_MESSAGE" },
        { SignRequestType.SyncCommitteeSelectionProof, "SYNC_COMMITTEE_SELECTION_PROOF" },
        { SignRequestType.SyncCommitteeContributionAndProof, "SYNC_COMMITTEE_CONTRIBUTION_AND_PROOF" },
        { SignRequestType.ValidatorRegistration, "VALIDATOR_REGISTRATION" },
    };

    [Theory]
    [MemberData(nameof(WireNames))]
    public void Wire_names_are_pinned(SignRequestType type, string wire)
    {
        Assert.Equal(wire, SignRequestTypes.WireName(type));
        Assert.True(SignRequestTypes.TryParse(wire, out var parsed));
        Assert.Equal(type, parsed);
    }

    [Fact]
    public void Every_type_is_pinned() => Assert.Equal(Enum.GetValues<SignRequestType>().Length, WireNames.Count);

    [Fact]
    public void Header_block_request_parses_to_its_header()
    {
        var request = Assert.IsType<BlockRequest>(Parse(Body("BLOCK_V2", "beacon_block", "{\"version\":\"BELLATRIX\",\"block_header\":" + Header + "}")));
        Assert.Equal(new Slot(8), request.Header.Slot);
        Assert.Equal("BELLATRIX", request.Version);
        Assert.Null(request.ClaimedSigningRoot);
        Assert.True(request.ClaimMatches(request.ComputeSigningRoot(Roots)));
    }

    [Theory]
    [InlineData("""{"type":"BLOCK_V2","fork_info":FORK,"beacon_block":{"version":"BELLATRIX","block_header":HEADER},"extra":1}""", "extra")]
    [InlineData("""{"type":"BLOCK_V2","beacon_block":{"version":"BELLATRIX","block_header":HEADER}}""", "fork_info")]
    [InlineData("""{"type":"BLOCK_V2","fork_info":FORK,"beacon_block":{"version":"BELLATRIX"}}""", "beacon_block")]
    [InlineData("""{"type":"BLOCK_V2","fork_info":FORK,"beacon_block":{"version":"BELLATRIX","block_header":HEADER,"block":{}}}""", "beacon_block")]
    [InlineData("""{"type":"BLOCK_V2","fork_info":FORK,"beacon_block":{"version":"CAPELLA","block":{}}}""", "beacon_block.block")]
    [InlineData("""{"type":"BLOCK_V2","fork_info":FORK,"beacon_block":{"version":"NOPE","block_header":HEADER}}""", "beacon_block.version")]
    [InlineData("""{"type":"BLOCK","fork_info":FORK}""", "type")]
    [InlineData("""{"fork_info":FORK}""", "type")]
    [InlineData("""{"type":"RANDAO_REVEAL","fork_info":FORK,"randao_reveal":{"epoch":"-1"}}""", "randao_reveal.epoch")]
    [InlineData("""{"type":"RANDAO_REVEAL","fork_info":FORK,"randao_reveal":{"epoch":"1","slot":"2"}}""", "randao_reveal.slot")]
    [InlineData("""{"type":"RANDAO_REVEAL","fork_info":FORK,"signingRoot":"0x12","randao_reveal":{"epoch":"1"}}""", "signingRoot")]
    [InlineData("""{"type":"DEPOSIT","fork_info":FORK,"deposit":{}}""", "fork_info")]
    [InlineData("""[1]""", "(body)")]
    [InlineData("""{"type":""", "(body)")]
    public void Bad_requests_are_refused_naming_the_field(string template, string field)
    {
        var json = template.Replace("FORK", ForkInfo).Replace("HEADER", Header);
        var e = Assert.Throws<SignRequestFormatException>(() => Parse(json));
        Assert.Equal(field, e.Field);
    }

    [Fact]
    public void Contribution_of_the_wrong_preset_is_refused()
    {
        var contribution = new ContributionAndProof(new ValidatorIndex(1),
            new SyncCommitteeContribution(new Slot(1), Root.Zero, 0, Bitvector.FromBits(new bool[128]), BlsSignatureBytes.Zero), BlsSignatureBytes.Zero);
        var json = Body("SYNC_COMMITTEE_CONTRIBUTION_AND_PROOF", "contribution_and_proof", System.Text.Json.JsonSerializer.Serialize(contribution, Dvt.Consensus.Json.ConsensusJson.Options));
        Assert.IsType<SyncCommitteeContributionAndProofRequest>(SignRequestParser.Parse(Encoding.UTF8.GetBytes(json), ConsensusPreset.Mainnet));
        var e = Assert.Throws<SignRequestFormatException>(() => Parse(json));
        Assert.Equal("contribution_and_proof.contribution.aggregation_bits", e.Field);
    }

    [Fact]
    public void Deposit_request_signs_the_deposit_message_under_its_genesis_version()
    {
        var json = """
            {"type":"DEPOSIT","deposit":{
              "pubkey":"0x88b6b3a9b391fa5593e8bce8d06102df1a56248368086929709fbb4a8570dc6a560febeef8159b19789e9c1fd13572f0",
              "withdrawal_credentials":"0x0100000000000000000000000f51bb10119727a7e5ea3538074fb341f56b09ad",
              "amount":"32000000000","genesis_fork_version":"0x00000000"}}
            """;
        var request = Assert.IsType<DepositRequest>(Parse(json));
        // deposit_message_root of this key in the staking-deposit-cli vectors (mainnet_first_0_count_2_eth1_true).
        Assert.Equal(Root.Parse("0x62967565d11471da4af7769911926cd1826124048036b25616216f99bc320f13"), request.Message.HashTreeRoot());
        Assert.Equal(SigningRoots.Deposit(request.Message, ForkVersion.Zero), request.ComputeSigningRoot(Roots));
        Assert.Null(request.ForkInfo);
    }

    [Fact]
    public void Validator_registration_is_signed_in_the_builder_domain_of_the_chains_genesis_version()
    {
        var json = """
            {"type":"VALIDATOR_REGISTRATION","validator_registration":{
              "fee_recipient":"0x0f51bb10119727a7e5ea3538074fb341f56b09ad","gas_limit":"30000000","timestamp":"1700000000",
              "pubkey":"0x88b6b3a9b391fa5593e8bce8d06102df1a56248368086929709fbb4a8570dc6a560febeef8159b19789e9c1fd13572f0"}}
            """;
        var request = Assert.IsType<ValidatorRegistrationRequest>(Parse(json));
        Assert.Equal(30_000_000UL, request.Registration.GasLimit);
        // Mainnet's builder domain: 0x00000001 followed by fork_data_root(0x00000000, zero)[:28].
        Assert.Equal("0x00000001f5a5fd42d16a20302798ef6ed309979b43003d2320d9f0e8ea9831a9",
            Domains.ComputeGenesisDomain(DomainTypes.ApplicationBuilder, ForkVersion.Zero).ToString());
        var mainnet = new SigningRoots(ConsensusPreset.Mainnet, ForkVersion.Zero);
        var holesky = new SigningRoots(ConsensusPreset.Mainnet, ForkVersion.Parse("0x01017000"));
        Assert.Equal(SigningRoots.Compute(request.Registration.HashTreeRoot(),
            Domains.ComputeGenesisDomain(DomainTypes.ApplicationBuilder, ForkVersion.Zero)), request.ComputeSigningRoot(mainnet));
        Assert.NotEqual(request.ComputeSigningRoot(mainnet), request.ComputeSigningRoot(holesky));
    }

    [Fact]
    public void Voluntary_exit_and_sync_message_parse()
    {
        var exit = Assert.IsType<VoluntaryExitRequest>(Parse(Body("VOLUNTARY_EXIT", "voluntary_exit", """{"epoch":"5","validator_index":"3"}""")));
        Assert.Equal(new VoluntaryExit(new Epoch(5), new ValidatorIndex(3)), exit.VoluntaryExit);
        var message = Assert.IsType<SyncCommitteeMessageRequest>(Parse(Body("SYNC_COMMITTEE_MESSAGE", "sync_committee_message",
            """{"beacon_block_root":"0xa6bfa32ca5816353c8ab26651ef7fec598687871e437e0f2a09c6054ced73e08","slot":"1"}""")));
        Assert.Equal(new Slot(1), message.Slot);
        Assert.NotEqual(exit.ComputeSigningRoot(Roots), message.ComputeSigningRoot(Roots));
    }

    [Fact]
    public void Full_block_json_node_mutation_changes_the_root()
    {
        // A request is signed over its content: changing one field of the header changes the signing root.
        var body = JsonNode.Parse(Body("BLOCK_V2", "beacon_block", "{\"version\":\"BELLATRIX\",\"block_header\":" + Header + "}"))!;
        var before = Parse(body.ToJsonString()).ComputeSigningRoot(Roots);
        body["beacon_block"]!["block_header"]!["proposer_index"] = "3";
        Assert.NotEqual(before, Parse(body.ToJsonString()).ComputeSigningRoot(Roots));
    }

    private static string Body(string type, string field, string payload) =>
        "{\"type\":\"" + type + "\",\"fork_info\":" + ForkInfo + ",\"" + field + "\":" + payload + "}";

    private static SignRequest Parse(string json) => SignRequestParser.Parse(Encoding.UTF8.GetBytes(json), ConsensusPreset.Minimal);
}
