using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Dvt.Consensus;
using Dvt.Consensus.Primitives;
using Dvt.Consensus.Signing;
using Dvt.Consensus.Signing.Web3Signer;

namespace Dvt.Coordinator.Devnet;

/// <summary>
/// Builds realistic duties for one epoch, in the shapes Lodestar's validator client sends
/// (/work/shared/interop/lodestar/request-examples): a block proposal, an attestation (source = previous epoch,
/// target = this epoch), the RANDAO reveal, aggregation selection and aggregate, and the three sync-committee
/// types. Epochs only grow, so nothing here is slashable; each body carries the signing root computed with
/// Dvt.Consensus, which the coordinator recomputes and must agree with.
/// </summary>
public sealed class DutyFactory(ConsensusPreset preset, string genesisValidatorsRoot)
{
    /// <summary>Altair's and Bellatrix's minimal-preset fork versions, as the Lodestar dev chain uses them.</summary>
    private const string PreviousVersion = "0x01000001";
    private const string CurrentVersion = "0x02000001";

    // Real G2 points from the Lodestar examples: the signer checks their shape, not what they sign.
    private const string AggregateSignature = "0xa7581b591c3490b16c27958cca313bc76671891047a77415840b4e929851359bed4a168764f5ddff6c27590853a2b6ef19680d367bef2b6042d61deda109ad1eb8a5f6bb4b128e3c79afbf90c6aa69bb5d8477ce2577cdf1a30b88ca32b1e409";
    private const string SelectionProof = "0xb4821d1d7f83a9bce51f9655bfcbcc6ce33bc7552402d95969ffe86b776a61d5034892408de8d7192cef2aea17ddd8b119bd44ce7c3399bd55fe7111e15a4b40991f3ad0c53415d7082cc1b289d4ffea9a230f426638b12b0a9291f163fe0b1b";
    private const string ContributionSignature = "0x97f6bed151b09264f0ed7a03a348f7b2c29dd1e8594cfadf2a4a3c28b676a940bb15cae4a160a6be0b3c8fa5e17d0efb17145bf0ada8142f67af4e5ee25411166a6d1b5b72e580ad0a06f9073b4b9f53070e88981cfa8fe386860cff949e574a";

    private readonly SigningRoots roots = new(preset, default);

    public ConsensusPreset Preset => preset;

    /// <summary>Every duty of <paramref name="publicKey"/> in <paramref name="epoch"/> (epoch &gt;= 1).</summary>
    public IReadOnlyList<DutyRequest> Epoch(string publicKey, ulong epoch, ulong validatorIndex)
    {
        var first = epoch * preset.SlotsPerEpoch;
        var blockSlot = first + 1;
        var attestationSlot = first + 2;
        var head = Fake("head", epoch);
        var attestation = AttestationData(attestationSlot, head, epoch);
        var subcommitteeBits = "0x" + new string('f', preset.SyncSubcommitteeSize / 4);
        return
        [
            Build("BLOCK_V2", publicKey, "beacon_block", new JsonObject
            {
                ["version"] = "BELLATRIX",
                ["block_header"] = new JsonObject
                {
                    ["slot"] = U(blockSlot),
                    ["proposer_index"] = U(validatorIndex),
                    ["parent_root"] = Fake("parent", blockSlot),
                    ["state_root"] = Fake("state", blockSlot),
                    ["body_root"] = Fake("body", blockSlot),
                },
            }, slot: blockSlot),
            Build("ATTESTATION", publicKey, "attestation", attestation, slot: attestationSlot, source: epoch - 1, target: epoch),
            Build("RANDAO_REVEAL", publicKey, "randao_reveal", new JsonObject { ["epoch"] = U(epoch) }),
            Build("AGGREGATION_SLOT", publicKey, "aggregation_slot", new JsonObject { ["slot"] = U(attestationSlot) }),
            Build("AGGREGATE_AND_PROOF", publicKey, "aggregate_and_proof", new JsonObject
            {
                ["aggregator_index"] = U(validatorIndex),
                ["aggregate"] = new JsonObject
                {
                    ["aggregation_bits"] = "0x03",
                    ["data"] = AttestationData(attestationSlot, head, epoch),
                    ["signature"] = AggregateSignature,
                },
                ["selection_proof"] = SelectionProof,
            }),
            Build("SYNC_COMMITTEE_MESSAGE", publicKey, "sync_committee_message", new JsonObject
            {
                ["beacon_block_root"] = head,
                ["slot"] = U(attestationSlot),
            }),
            Build("SYNC_COMMITTEE_SELECTION_PROOF", publicKey, "sync_aggregator_selection_data", new JsonObject
            {
                ["slot"] = U(attestationSlot),
                ["subcommittee_index"] = "0",
            }),
            Build("SYNC_COMMITTEE_CONTRIBUTION_AND_PROOF", publicKey, "contribution_and_proof", new JsonObject
            {
                ["aggregator_index"] = U(validatorIndex),
                ["contribution"] = new JsonObject
                {
                    ["slot"] = U(attestationSlot),
                    ["beacon_block_root"] = head,
                    ["subcommittee_index"] = "0",
                    ["aggregation_bits"] = subcommitteeBits,
                    ["signature"] = ContributionSignature,
                },
                ["selection_proof"] = SelectionProof,
            }),
        ];
    }

    /// <summary>An attestation for a target epoch already signed, voting for another head: a double vote, which must be refused.</summary>
    public DutyRequest ConflictingAttestation(string publicKey, ulong epoch)
    {
        var slot = epoch * preset.SlotsPerEpoch + 2;
        return Build("ATTESTATION", publicKey, "attestation", AttestationData(slot, Fake("other-head", epoch), epoch),
            slot: slot, source: epoch - 1, target: epoch);
    }

    private JsonObject AttestationData(ulong slot, string head, ulong epoch) => new()
    {
        ["slot"] = U(slot),
        ["index"] = "0",
        ["beacon_block_root"] = head,
        ["source"] = new JsonObject { ["epoch"] = U(epoch - 1), ["root"] = Fake("checkpoint", epoch - 1) },
        ["target"] = new JsonObject { ["epoch"] = U(epoch), ["root"] = Fake("checkpoint", epoch) },
    };

    private DutyRequest Build(string type, string publicKey, string payloadField, JsonObject payload, ulong? slot = null, ulong? source = null, ulong? target = null)
    {
        var body = new JsonObject
        {
            ["type"] = type,
            ["fork_info"] = new JsonObject
            {
                ["fork"] = new JsonObject { ["previous_version"] = PreviousVersion, ["current_version"] = CurrentVersion, ["epoch"] = "0" },
                ["genesis_validators_root"] = genesisValidatorsRoot,
            },
            [payloadField] = payload,
        };
        // The root is computed from the typed object exactly as the coordinator will, then sent along as a client does.
        var parsed = SignRequestParser.Parse(Encoding.UTF8.GetBytes(body.ToJsonString()), preset);
        var root = parsed.ComputeSigningRoot(roots).ToString();
        body["signingRoot"] = root;
        return new DutyRequest(type, publicKey, root, body.ToJsonString(), slot, source, target);
    }

    private static string U(ulong value) => value.ToString(CultureInfo.InvariantCulture);

    /// <summary>A deterministic 32-byte root standing for a block or state that would exist on a real chain.</summary>
    private static string Fake(string what, ulong n) =>
        "0x" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"dvt-devnet/{what}/{n}")));
}
