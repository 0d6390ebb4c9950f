using Dvt.Consensus.Primitives;
using System.Text.Json;

namespace Dvt.SlashingProtection.Tests;

/// <summary>
/// One file of the EIP-3076 interchange test suite: the chain, then steps that each import an
/// interchange (expected to succeed or not) and then try blocks and attestations, each expected to
/// be allowed or refused. <c>should_succeed</c> is the minimal-strategy expectation that we follow;
/// <c>should_succeed_complete</c> is read but only the minimal one is asserted.
/// </summary>
public sealed record InterchangeVectorCase(string Name, GenesisValidatorsRoot GenesisValidatorsRoot, IReadOnlyList<InterchangeVectorCase.Step> Steps)
{
    public sealed record Step(bool ShouldSucceed, bool ContainsSlashableData, string InterchangeJson, IReadOnlyList<BlockAttempt> Blocks, IReadOnlyList<AttestationAttempt> Attestations);

    public sealed record BlockAttempt(ValidatorPublicKeyBytes PublicKey, Slot Slot, SigningRoot SigningRoot, bool ShouldSucceed, bool? ShouldSucceedComplete);

    public sealed record AttestationAttempt(ValidatorPublicKeyBytes PublicKey, Epoch Source, Epoch Target, SigningRoot SigningRoot, bool ShouldSucceed, bool? ShouldSucceedComplete);

    public static InterchangeVectorCase Load(string path)
    {
        using var document = JsonDocument.Parse(File.ReadAllBytes(path));
        var root = document.RootElement;
        var steps = root.GetProperty("steps").EnumerateArray().Select(step => new Step(
            step.GetProperty("should_succeed").GetBoolean(),
            step.GetProperty("contains_slashable_data").GetBoolean(),
            step.GetProperty("interchange").GetRawText(),
            step.GetProperty("blocks").EnumerateArray().Select(b => new BlockAttempt(
                ValidatorPublicKeyBytes.Parse(b.GetProperty("pubkey").GetString()!),
                new Slot(ulong.Parse(b.GetProperty("slot").GetString()!)),
                Root(b),
                b.GetProperty("should_succeed").GetBoolean(),
                Complete(b))).ToList(),
            step.GetProperty("attestations").EnumerateArray().Select(a => new AttestationAttempt(
                ValidatorPublicKeyBytes.Parse(a.GetProperty("pubkey").GetString()!),
                new Epoch(ulong.Parse(a.GetProperty("source_epoch").GetString()!)),
                new Epoch(ulong.Parse(a.GetProperty("target_epoch").GetString()!)),
                Root(a),
                a.GetProperty("should_succeed").GetBoolean(),
                Complete(a))).ToList())).ToList();
        return new InterchangeVectorCase(
            root.GetProperty("name").GetString()!,
            GenesisValidatorsRoot.Parse(root.GetProperty("genesis_validators_root").GetString()!),
            steps);
    }

    /// <summary>Every key the case mentions, registered up front as a signer would register its keys.</summary>
    public IEnumerable<ValidatorPublicKeyBytes> PublicKeys()
        => Steps.SelectMany(s => s.Blocks.Select(b => b.PublicKey).Concat(s.Attestations.Select(a => a.PublicKey))).Distinct();

    private static SigningRoot Root(JsonElement attempt)
        => attempt.TryGetProperty("signing_root", out var root) ? SigningRoot.Parse(root.GetString()!) : SigningRoot.Zero;

    private static bool? Complete(JsonElement attempt)
        => attempt.TryGetProperty("should_succeed_complete", out var value) ? value.GetBoolean() : null;
}
