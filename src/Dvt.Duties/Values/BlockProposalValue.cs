using System.Text.Json;
using Dvt.Consensus.Containers;
using Dvt.Consensus.Containers.Blocks;
using Dvt.Consensus.Json;
using Dvt.Consensus.Primitives;

namespace Dvt.Duties.Values;

/// <summary>
/// The value a proposer instance decides: the beacon node's block-production answer as JSON bytes
/// (<c>{"version":..,"data":{block}}</c>, full or blinded), exactly as the leader's beacon node gave it, so every
/// holder serves its validator client the same block. <see cref="Parse"/> reads what the holders check and compare.
/// </summary>
public sealed record BlockProposalValue(string Version, Slot Slot, ValidatorIndex ProposerIndex, Root ParentRoot, Root StateRoot, Root? BodyRoot)
{
    /// <summary>Versions whose full body Dvt.Consensus hashes, so the whole header is known; later forks bind the body through state_root.</summary>
    private static readonly string[] HashedBodies = ["phase0", "altair"];

    public static BlockProposalValue Parse(ReadOnlySpan<byte> json)
    {
        using var document = JsonDocument.Parse(json.ToArray());
        var root = document.RootElement;
        var version = root.TryGetProperty("version", out var v) && v.ValueKind == JsonValueKind.String ? v.GetString()! : "phase0";
        if (!root.TryGetProperty("data", out var data) || data.ValueKind != JsonValueKind.Object)
            throw new FormatException("block proposal has no data object");
        // blockV3 nests nothing more; a blinded or full block has the same five top-level fields.
        Slot slot = new(ulong.Parse(Field(data, "slot"), System.Globalization.CultureInfo.InvariantCulture));
        ValidatorIndex proposer = new(ulong.Parse(Field(data, "proposer_index"), System.Globalization.CultureInfo.InvariantCulture));
        var parent = Root.Parse(Field(data, "parent_root"));
        var state = Root.Parse(Field(data, "state_root"));
        Root? body = null;
        if (Array.IndexOf(HashedBodies, version.ToLowerInvariant()) >= 0)
        {
            var header = version.Equals("phase0", StringComparison.OrdinalIgnoreCase)
                ? data.Deserialize<BeaconBlock<Phase0BeaconBlockBody>>(ConsensusJson.Options)!.ToHeader()
                : data.Deserialize<BeaconBlock<AltairBeaconBlockBody>>(ConsensusJson.Options)!.ToHeader();
            body = header.BodyRoot;
        }
        return new BlockProposalValue(version, slot, proposer, parent, state, body);
    }

    /// <summary>
    /// True when a signed header is this block. Where the body is hashed here the whole header must match; otherwise
    /// slot, proposer, parent and state root must, and the state root commits to the body (the post-state's latest
    /// block header carries its body_root).
    /// </summary>
    public bool Matches(BeaconBlockHeader header) =>
        header.Slot == Slot && header.ProposerIndex == ProposerIndex && header.ParentRoot == ParentRoot && header.StateRoot == StateRoot
        && (BodyRoot is not { } body || header.BodyRoot == body);

    private static string Field(JsonElement data, string name) =>
        data.TryGetProperty(name, out var e) && e.ValueKind == JsonValueKind.String ? e.GetString()! : throw new FormatException($"block proposal has no data.{name}");
}
