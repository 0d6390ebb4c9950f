using Dvt.Consensus.Containers;
using Dvt.Consensus.Primitives;
using Dvt.Consensus.Signing;
using Dvt.Crypto.Bls;

namespace Dvt.Coordinator.Stages;

/// <summary>The deposit and voluntary-exit messages of a validator, and their signing roots (phase0 rules).</summary>
public static class DepositMessages
{
    public const ulong DepositAmountGwei = 32_000_000_000;

    public static DepositMessage Message(ReadOnlySpan<byte> publicKey, ReadOnlySpan<byte> withdrawalCredentials) =>
        new(new BlsPublicKeyBytes(publicKey), new Bytes32(withdrawalCredentials), new Gwei(DepositAmountGwei));

    public static Root SigningRoot(DepositMessage message, ForkVersion genesisForkVersion) => SigningRoots.Deposit(message, genesisForkVersion);

    /// <summary>The DepositData hash_tree_root the deposit contract checks.</summary>
    public static byte[] DepositDataRoot(DepositMessage message, ReadOnlySpan<byte> signature)
    {
        var data = new DepositData(message.Pubkey, message.WithdrawalCredentials, message.Amount, new BlsSignatureBytes(signature));
        var root = new byte[32];
        data.HashTreeRootTo(root);
        return root;
    }

    /// <summary>Signs a deposit with the validator's full key and checks the signature against the key.</summary>
    public static byte[] SignDeposit(BlsSecretKey fullKey, DepositMessage message, ForkVersion genesisForkVersion)
    {
        var root = SigningRoot(message, genesisForkVersion);
        var signature = fullKey.Sign(root.AsSpan());
        if (!fullKey.PublicKey.Verify(root.AsSpan(), signature))
            throw new InvalidOperationException("the deposit signature does not verify against the validator key");
        return signature.ToBytes();
    }

    /// <summary>The Web3Signer DEPOSIT request for a message (what peers recompute the signing root from).</summary>
    public static byte[] Web3SignerBody(DepositMessage message, ForkVersion genesisForkVersion, Root signingRoot)
    {
        var body = new System.Text.Json.Nodes.JsonObject
        {
            ["type"] = "DEPOSIT",
            ["signingRoot"] = signingRoot.ToString(),
            ["deposit"] = new System.Text.Json.Nodes.JsonObject
            {
                ["pubkey"] = message.Pubkey.ToString(),
                ["withdrawal_credentials"] = message.WithdrawalCredentials.ToString(),
                ["amount"] = message.Amount.Value.ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["genesis_fork_version"] = genesisForkVersion.ToString(),
            },
        };
        return System.Text.Encoding.UTF8.GetBytes(body.ToJsonString());
    }

    /// <summary>
    /// The Web3Signer VOLUNTARY_EXIT request for an exit: fork_info pins the exit's fork version (EIP-7044: Capella's
    /// from Deneb on), so every holder recomputes the same signing root as <see cref="ExitSigningRoot"/>.
    /// </summary>
    /// <summary>A VOLUNTARY_EXIT request as a current client sends it: its current fork_info, and the (EIP-7044) root it expects.</summary>
    public static byte[] ExitWeb3SignerBody(VoluntaryExit exit, ForkInfo forkInfo, Root signingRoot)
    {
        var body = new System.Text.Json.Nodes.JsonObject
        {
            ["type"] = "VOLUNTARY_EXIT",
            ["signingRoot"] = signingRoot.ToString(),
            ["fork_info"] = new System.Text.Json.Nodes.JsonObject
            {
                ["fork"] = new System.Text.Json.Nodes.JsonObject
                {
                    ["previous_version"] = forkInfo.Fork.PreviousVersion.ToString(),
                    ["current_version"] = forkInfo.Fork.CurrentVersion.ToString(),
                    ["epoch"] = forkInfo.Fork.Epoch.Value.ToString(System.Globalization.CultureInfo.InvariantCulture),
                },
                ["genesis_validators_root"] = forkInfo.GenesisValidatorsRoot.ToString(),
            },
            ["voluntary_exit"] = new System.Text.Json.Nodes.JsonObject
            {
                ["epoch"] = exit.Epoch.Value.ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["validator_index"] = exit.ValidatorIndex.Value.ToString(System.Globalization.CultureInfo.InvariantCulture),
            },
        };
        return System.Text.Encoding.UTF8.GetBytes(body.ToJsonString());
    }

    /// <summary>The root the beacon chain verifies an exit against on a Deneb-or-later chain (EIP-7044): Capella's version, the chain's root.</summary>
    public static Root ExitSigningRoot(VoluntaryExit exit, ForkVersion capellaForkVersion, Root genesisValidatorsRoot) =>
        SigningRoots.Compute(exit, Domains.ComputeDomain(DomainTypes.VoluntaryExit, capellaForkVersion, genesisValidatorsRoot));
}
