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
        { SignRequestType.AggregateAndProofV2, "AGGREGATE_AND_PROOF_V2" },
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
    [InlineData("""{"type":"RANDAO_REVEAL","fork_info":FORK,"signingRoot":"0x0000000000000000000000000000000000000000000000000000000000000000","signing_root":"0x0000000000000000000000000000000000000000000000000000000000000000","randao_reveal":{"epoch":"1"}}""", "signing_root")]
    [InlineData("""{"type":"BLOCK_V2","fork_info":FORK}""", "beacon_block")]
    [InlineData("""{"type":"DEPOSIT"}""", "deposit")]
    [InlineData("""{"type":"SYNC_COMMITTEE_MESSAGE","fork_info":FORK}""", "sync_committee_message")]
    [InlineData("""{"type":"AGGREGATE_AND_PROOF_V2","fork_info":FORK}""", "aggregate_and_proof")]
    [InlineData("""{"type":"RANDAO_REVEAL","fork_info":FORK}""", "randao_reveal")]
    [InlineData("""{"type":"RANDAO_REVEAL","fork_info":FORK,"randao_reveal":{"epoch":"1"}} {}""", "(body)")]
    [InlineData("""{"type":"RANDAO_REVEAL","fork_info":FORK,"randao_reveal":{"epoch":"1"}}x""", "(body)")]
    [InlineData("""[1]""", "(body)")]
    [InlineData("""{"type":""", "(body)")]
    public void Bad_requests_are_refused_naming_the_field(string template, string field)
    {
        var json = template.Replace("FORK", ForkInfo).Replace("HEADER", Header);
        var e = Assert.Throws<SignRequestFormatException>(() => Parse(json));
        Assert.Equal(field, e.Field);
    }

    [Fact]
    public void Snake_case_signing_root_is_read_too()
    {
        var root = "0x" + new string('1', 64);
        var request = Parse(Body("RANDAO_REVEAL", "randao_reveal", """{"epoch":"1"}""").Replace("{\"type\"", "{\"signing_root\":\"" + root + "\",\"type\""));
        Assert.Equal(Root.Parse(root), request.ClaimedSigningRoot);
        Assert.False(request.ClaimMatches(request.ComputeSigningRoot(Roots)));
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

    /// <summary>
    /// A FULU AGGREGATE_AND_PROOF_V2 body (mainnet preset) as another remote signer's Go test suite has it. Its
    /// stated signingRoot is the root of the PRE-electra container (committee_bits dropped, aggregation_bits limit
    /// 2048): that signer hashes electra aggregates wrongly. We must not reproduce it.
    /// </summary>
    private const string FuluAggregate = """
        {"type":"AGGREGATE_AND_PROOF_V2",
         "signingRoot":"0x31242163ebaf3578b523e9cfd256c7965b73ad0da9ab00b3c8ae02ff722d6a26",
         "fork_info":{"fork":{"previous_version":"0x00000001","current_version":"0x00000001","epoch":"1"},
                      "genesis_validators_root":"0x04700007fabc8282644aed6d1c7c9e21d38a03a0c4ba193f3afe428824b3a673"},
         "aggregate_and_proof":{"version":"FULU","data":{
           "aggregator_index":"1",
           "aggregate":{
             "aggregation_bits":"0x0000000000000000000000000000000000000000000101",
             "data":{"slot":"0","index":"0",
                     "beacon_block_root":"0x100814c335d0ced5014cfa9d2e375e6d9b4e197381f8ce8af0473200fdc917fd",
                     "source":{"epoch":"0","root":"0x0000000000000000000000000000000000000000000000000000000000000000"},
                     "target":{"epoch":"0","root":"0x100814c335d0ced5014cfa9d2e375e6d9b4e197381f8ce8af0473200fdc917fd"}},
             "signature":"0xa627242e4a5853708f4ebf923960fb8192f93f2233cd347e05239d86dd9fb66b721ceec1baeae6647f498c9126074f1101a87854d674b6eebc220fd8c3d8405bdfd8e286b707975d9e00a56ec6cbbf762f23607d490f0bbb16c3e0e483d51875",
             "committee_bits":"0x0000000000000001"},
           "selection_proof":"0xa63f73a03f1f42b1fd0a988b614d511eb346d0a91c809694ef76df5ae021f0f144d64e612d735bc8820950cf6f7f84cd0ae194bfe3d4242fe79688f83462e3f69d9d33de71aab0721b7dab9d6960875e5fdfd26b171a75fb51af822043820c47"}}}
        """;

    [Fact]
    public void Electra_aggregate_v2_hashes_electras_container_not_the_pre_electra_one()
    {
        var request = Assert.IsType<ElectraAggregateAndProofRequest>(SignRequestParser.Parse(Encoding.UTF8.GetBytes(FuluAggregate), ConsensusPreset.Mainnet));
        Assert.Equal(SignRequestType.AggregateAndProofV2, request.Type);
        Assert.Equal(64, request.AggregateAndProof.Aggregate.CommitteeBits.Count);
        Assert.False(request.ClaimMatches(request.ComputeSigningRoot(new SigningRoots(ConsensusPreset.Mainnet))));

        // The minimal preset has 4 committees a slot: 64 committee bits do not fit it.
        var e = Assert.Throws<SignRequestFormatException>(() => Parse(FuluAggregate));
        Assert.Equal("aggregate_and_proof.data.aggregate.committee_bits", e.Field);
    }

    [Fact]
    public void Pre_electra_aggregate_v2_parses_as_the_phase0_container_and_gives_the_pre_electra_root()
    {
        var body = JsonNode.Parse(FuluAggregate)!;
        var aggregate = body["aggregate_and_proof"]!["data"]!["aggregate"]!.AsObject();
        aggregate.Remove("committee_bits");
        body["aggregate_and_proof"]!["version"] = "DENEB";
        var request = Assert.IsType<AggregateAndProofRequest>(SignRequestParser.Parse(Encoding.UTF8.GetBytes(body.ToJsonString()), ConsensusPreset.Mainnet));
        Assert.Equal(SignRequestType.AggregateAndProofV2, request.Type);
        Assert.Equal("DENEB", request.Version);
        Assert.True(request.ClaimMatches(request.ComputeSigningRoot(Roots)));
    }

    private static string Body(string type, string field, string payload) =>
        "{\"type\":\"" + type + "\",\"fork_info\":" + ForkInfo + ",\"" + field + "\":" + payload + "}";

    private static SignRequest Parse(string json) => SignRequestParser.Parse(Encoding.UTF8.GetBytes(json), ConsensusPreset.Minimal);
}
