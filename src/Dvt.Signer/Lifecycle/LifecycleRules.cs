using Dvt.Consensus.Primitives;
using Dvt.Consensus.Signing.Web3Signer;
using Dvt.Signer.Directory;

namespace Dvt.Signer.Lifecycle;

/// <summary>
/// The rule every holder applies to lifecycle messages (../shared/DESIGN.md, "Who may get a signature"): only what
/// the registry's state says. DEPOSIT: the registered key, its withdrawal credentials, 32 ETH, the network's genesis
/// fork version, and only while the deposit is due. VOLUNTARY_EXIT: only once the owner asked the registry for the
/// exit. VALIDATOR_REGISTRATION: the registered key, the fee recipient the registry records, a gas limit within the
/// configured bounds. Other request types are duties, not lifecycle messages: they pass here.
/// </summary>
public sealed class LifecycleRules(ILifecycleAuthority authority, ForkVersion genesisForkVersion, GasLimitBounds gasLimits)
{
    /// <summary>32 ETH in Gwei: the only deposit amount the registry makes (it holds exactly that).</summary>
    public static readonly Gwei DepositAmount = new(32_000_000_000);

    public static bool Applies(SignRequest request) => request is DepositRequest or VoluntaryExitRequest or ValidatorRegistrationRequest;

    public async Task<LifecycleVerdict> CheckAsync(ValidatorSigningSet set, SignRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(set);
        if (!Applies(request))
            return LifecycleVerdict.Allowed;
        var record = await authority.RecordAsync(set, cancellationToken);
        if (record is null)
            return new LifecycleVerdict.Refused("registry.validator", $"the registry has no record of validator {set.ValidatorId}");
        var registeredKey = BlsPublicKeyBytes.FromBytes(set.PublicKey.Span);
        if (registeredKey != record.PublicKey)
            return new LifecycleVerdict.Refused("registry.public-key",
                $"the signing key {registeredKey} is not the registry's key {record.PublicKey} of validator {record.ValidatorId} at block {record.Block}");
        return request switch
        {
            DepositRequest deposit => Deposit(deposit, record),
            VoluntaryExitRequest => Exit(record),
            ValidatorRegistrationRequest registration => Registration(registration, record),
            _ => LifecycleVerdict.Allowed,
        };
    }

    private LifecycleVerdict Deposit(DepositRequest request, LifecycleRecord record)
    {
        var message = request.Message;
        if (record.Phase != LifecyclePhase.AwaitingDeposit)
            return Refuse("deposit.due", $"the registry does not await a deposit of validator {record.ValidatorId} (it is {record.Phase})", record);
        if (message.Pubkey != record.PublicKey)
            return Refuse("deposit.public-key", $"deposit pubkey {message.Pubkey} is not the registry's key {record.PublicKey}", record);
        if (message.WithdrawalCredentials != record.WithdrawalCredentials)
            return Refuse("deposit.withdrawal-credentials",
                $"withdrawal_credentials {message.WithdrawalCredentials} are not the registry's {record.WithdrawalCredentials}", record);
        if (message.Amount != DepositAmount)
            return Refuse("deposit.amount", $"amount {message.Amount.Value} Gwei is not the registry's {DepositAmount.Value} Gwei (32 ETH)", record);
        if (request.GenesisForkVersion != genesisForkVersion)
            return Refuse("deposit.genesis-fork-version",
                $"genesis_fork_version {request.GenesisForkVersion} is not the network's {genesisForkVersion}", record);
        return LifecycleVerdict.Allowed;
    }

    private static LifecycleVerdict Exit(LifecycleRecord record)
        => record.Phase is LifecyclePhase.ExitRequested or LifecyclePhase.Exited
            ? LifecycleVerdict.Allowed
            : Refuse("exit.requested", $"the registry records no exit request by the owner of validator {record.ValidatorId} (it is {record.Phase})", record);

    private LifecycleVerdict Registration(ValidatorRegistrationRequest request, LifecycleRecord record)
    {
        var registration = request.Registration;
        if (registration.Pubkey != record.PublicKey)
            return Refuse("registration.public-key", $"pubkey {registration.Pubkey} is not the registry's key {record.PublicKey}", record);
        if (record.FeeRecipient is not { } feeRecipient)
            return Refuse("registration.fee-recipient",
                $"the registry records no fee recipient for validator {record.ValidatorId} (withdrawal credentials {record.WithdrawalCredentials} name no execution address)", record);
        if (registration.FeeRecipient != feeRecipient)
            return Refuse("registration.fee-recipient", $"fee_recipient {registration.FeeRecipient} is not the registry's {feeRecipient}", record);
        if (registration.GasLimit < gasLimits.Min || registration.GasLimit > gasLimits.Max)
            return Refuse("registration.gas-limit", $"gas_limit {registration.GasLimit} is outside the configured bounds {gasLimits}", record);
        return LifecycleVerdict.Allowed;
    }

    private static LifecycleVerdict.Refused Refuse(string rule, string detail, LifecycleRecord record)
        => new(rule, $"{detail} (registry at block {record.Block})");
}
