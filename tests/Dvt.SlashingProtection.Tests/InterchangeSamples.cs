namespace Dvt.SlashingProtection.Tests;

/// <summary>Hand-written interchange JSON for the parser tests.</summary>
public static class InterchangeSamples
{
    public const string Chain = "0x0000000000000000000000000000000000000000000000000000000000000042";
    public const string Key = "0xa99a76ed7796f7be22d5b7e85deeb7c5677e88e511e0b337618f8c4eb61349b4bf2d153f649f7b53359fe8b94a38e44c";
    public const string Root = "0x4ff6f743a43f3b4f95350831aeaf0a122a1a392922c45d804280284a69eb850b";

    /// <summary>A valid v5 document: one key, two blocks, two attestations, roots present and absent.</summary>
    public static string Valid(
        string version = "\"5\"",
        string genesis = $"\"{Chain}\"",
        string pubkey = $"\"{Key}\"",
        string slot = "\"81952\"",
        string blockExtra = "",
        string attestationExtra = "",
        string topExtra = "")
        => $$"""
        {
          "metadata": {
            "interchange_format_version": {{version}},
            "genesis_validators_root": {{genesis}}
          },
          "data": [
            {
              "pubkey": {{pubkey}},
              "signed_blocks": [
                { "slot": {{slot}}, "signing_root": "{{Root}}"{{blockExtra}} },
                { "slot": "81953" }
              ],
              "signed_attestations": [
                { "source_epoch": "2290", "target_epoch": "3007", "signing_root": "{{Root}}"{{attestationExtra}} },
                { "source_epoch": "3007", "target_epoch": "3008" }
              ]
            }
          ]{{topExtra}}
        }
        """;
}
