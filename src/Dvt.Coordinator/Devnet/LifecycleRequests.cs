using System.Globalization;
using System.Text.Json.Nodes;

namespace Dvt.Coordinator.Devnet;

/// <summary>
/// Lifecycle requests (deposit, voluntary exit, builder registration) as an attacker would send them to a holder's
/// validator-client API: with values the registry does not record. No signingRoot is sent (it is optional), so the
/// only thing deciding the answer is the holder's check against the chain.
/// </summary>
public static class LifecycleRequests
{
    /// <summary>0x01 credentials paying an address no validator here uses.</summary>
    public const string ForeignCredentials = "0x0100000000000000000000009999999999999999999999999999999999999999";

    public const string ForeignAddress = "0x9999999999999999999999999999999999999999";

    public static DutyRequest Deposit(string publicKey, string withdrawalCredentials, string genesisForkVersion = "0x00000000") => new(
        "DEPOSIT", publicKey, "", new JsonObject
        {
            ["type"] = "DEPOSIT",
            ["deposit"] = new JsonObject
            {
                ["pubkey"] = publicKey,
                ["withdrawal_credentials"] = withdrawalCredentials,
                ["amount"] = "32000000000",
                ["genesis_fork_version"] = genesisForkVersion,
            },
        }.ToJsonString(), null, null, null);

    public static DutyRequest VoluntaryExit(string publicKey, string genesisValidatorsRoot, ulong validatorIndex) => new(
        "VOLUNTARY_EXIT", publicKey, "", new JsonObject
        {
            ["type"] = "VOLUNTARY_EXIT",
            ["fork_info"] = new JsonObject
            {
                ["fork"] = new JsonObject { ["previous_version"] = "0x01000001", ["current_version"] = "0x02000001", ["epoch"] = "0" },
                ["genesis_validators_root"] = genesisValidatorsRoot,
            },
            ["voluntary_exit"] = new JsonObject { ["epoch"] = "0", ["validator_index"] = validatorIndex.ToString(CultureInfo.InvariantCulture) },
        }.ToJsonString(), null, null, null);

    public static DutyRequest Registration(string publicKey, string feeRecipient) => new(
        "VALIDATOR_REGISTRATION", publicKey, "", new JsonObject
        {
            ["type"] = "VALIDATOR_REGISTRATION",
            ["validator_registration"] = new JsonObject
            {
                ["fee_recipient"] = feeRecipient,
                ["gas_limit"] = "36000000",
                ["timestamp"] = "1700000000",
                ["pubkey"] = publicKey,
            },
        }.ToJsonString(), null, null, null);
}
