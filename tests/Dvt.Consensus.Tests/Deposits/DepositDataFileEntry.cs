using System.Text.Json;
using Dvt.Consensus.Containers;
using Dvt.Consensus.Primitives;

namespace Dvt.Consensus.Tests.Deposits;

/// <summary>One entry of a staking-deposit-cli deposit_data-*.json file, read strictly (every field required, no others).</summary>
internal sealed record DepositDataFileEntry(
    DepositData Data, Root DepositMessageRoot, Root DepositDataRoot, ForkVersion ForkVersion, string NetworkName)
{
    private static readonly string[] Fields =
        ["pubkey", "withdrawal_credentials", "amount", "signature", "deposit_message_root", "deposit_data_root", "fork_version", "network_name", "deposit_cli_version"];

    public static IReadOnlyList<DepositDataFileEntry> ReadFile(string path)
    {
        using var document = JsonDocument.Parse(File.ReadAllBytes(path));
        return document.RootElement.EnumerateArray().Select((e, i) => Read(e, $"{Path.GetFileName(path)}[{i}]")).ToList();
    }

    private static DepositDataFileEntry Read(JsonElement entry, string where)
    {
        var unknown = entry.EnumerateObject().Select(p => p.Name).Except(Fields).ToList();
        if (unknown.Count > 0)
            throw new InvalidDataException($"{where} has unknown fields {string.Join(", ", unknown)}");
        string Text(string name) => entry.TryGetProperty(name, out var v) ? v.GetString()! : throw new InvalidDataException($"{where} lacks {name}");
        var amount = entry.TryGetProperty("amount", out var a) ? a.GetUInt64() : throw new InvalidDataException($"{where} lacks amount");
        return new DepositDataFileEntry(
            new DepositData(BlsPublicKeyBytes.Parse(Text("pubkey")), Bytes32.Parse(Text("withdrawal_credentials")), new Gwei(amount),
                BlsSignatureBytes.Parse(Text("signature"))),
            Root.Parse(Text("deposit_message_root")),
            Root.Parse(Text("deposit_data_root")),
            ForkVersion.Parse(Text("fork_version")),
            Text("network_name"));
    }
}
