using System.Globalization;
using System.Text.Json;
using Dvt.Consensus;
using Dvt.Consensus.Primitives;
using Dvt.Consensus.Signing;
using Dvt.Consensus.Signing.Web3Signer;

namespace Dvt.Signer.Tests.Cluster;

/// <summary>Web3Signer request bodies on the cluster's chain, and the signing root each must be signed over (computed independently).</summary>
public static class SignRequestBodies
{
    public const string ForkInfo = """
        {"fork":{"previous_version":"0x01000001","current_version":"0x02000001","epoch":"0"},"genesis_validators_root":"0xacac7566fdf384a1ada45c01dcf9030d7eb0e1e5f5302659101d0b2a5bb59092"}
        """;

    public static readonly SigningRoots Roots = new(ConsensusPreset.Minimal, SignerCluster.GenesisForkVersion);

    /// <summary>An ATTESTATION voting <paramref name="source"/> -> <paramref name="target"/>; <paramref name="variant"/> changes the block root (a conflicting vote).</summary>
    public static string Attestation(ulong source, ulong target, int variant = 0, ulong? slot = null)
    {
        var root = "0x" + variant.ToString("x2", CultureInfo.InvariantCulture).PadLeft(64, 'a');
        var s = (slot ?? target * 8).ToString(CultureInfo.InvariantCulture);
        return "{\"type\":\"ATTESTATION\",\"fork_info\":" + ForkInfo.Trim()
            + ",\"attestation\":{\"slot\":\"" + s + "\",\"index\":\"0\",\"beacon_block_root\":\"" + root
            + "\",\"source\":{\"epoch\":\"" + source + "\",\"root\":\"0x" + new string('1', 64)
            + "\"},\"target\":{\"epoch\":\"" + target + "\",\"root\":\"" + root + "\"}}}";
    }

    public static string RandaoReveal(ulong epoch)
        => "{\"type\":\"RANDAO_REVEAL\",\"fork_info\":" + ForkInfo.Trim() + ",\"randao_reveal\":{\"epoch\":\"" + epoch + "\"}}";

    public static string BlockHeader(ulong slot, int variant = 0)
        => "{\"type\":\"BLOCK_V2\",\"fork_info\":" + ForkInfo.Trim()
            + ",\"beacon_block\":{\"version\":\"BELLATRIX\",\"block_header\":{\"slot\":\"" + slot + "\",\"proposer_index\":\"3\","
            + "\"parent_root\":\"0x" + new string('2', 64) + "\",\"state_root\":\"0x" + new string('3', 64)
            + "\",\"body_root\":\"0x" + variant.ToString("x2", CultureInfo.InvariantCulture).PadLeft(64, '4') + "\"}}}";

    public static Root SigningRootOf(string body)
    {
        var request = SignRequestParser.Parse(System.Text.Encoding.UTF8.GetBytes(body), ConsensusPreset.Minimal);
        return request.ComputeSigningRoot(Roots);
    }

    /// <summary>The signature field of a JSON sign response.</summary>
    public static byte[] SignatureOf(string responseJson)
    {
        using var document = JsonDocument.Parse(responseJson);
        return Convert.FromHexString(document.RootElement.GetProperty("signature").GetString()![2..]);
    }

    public static string Hex(ReadOnlySpan<byte> bytes) => "0x" + Convert.ToHexStringLower(bytes);
}
