using Dvt.Crypto.Bls;
using Dvt.Signer.Lifecycle;
using Dvt.Signer.Tests.Cluster;

namespace Dvt.Signer.Tests;

/// <summary>
/// The request types the Lodestar examples lack (deposit, exit, builder registration): each is threshold-signed only
/// for what the registry's state allows, and every holder checks that itself. The attacks: a holder (or anyone on its
/// validator-client API) asking for a DEPOSIT with its own withdrawal credentials, an exit the owner never requested,
/// a builder registration paying another fee recipient. Plus a non-slashable type through recovery.
/// </summary>
public sealed class RequestTypesBeyondTheExamplesTests : IAsyncLifetime
{
    private const string RegisteredCredentials = "0x0100000000000000000000001111111111111111111111111111111111111111";
    private const string ForeignCredentials = "0x0100000000000000000000009999999999999999999999999999999999999999";

    private SignerCluster _cluster = null!;

    public async Task InitializeAsync() => _cluster = await SignerCluster.StartAsync(3, 4, validatorCount: 1);

    public async Task DisposeAsync() => await _cluster.DisposeAsync();

    private static string Deposit(string credentials, string amount = "32000000000", string forkVersion = "0x00000001")
        => $$$"""{"type":"DEPOSIT","deposit":{"pubkey":"0xPUBKEY","withdrawal_credentials":"{{{credentials}}}","amount":"{{{amount}}}","genesis_fork_version":"{{{forkVersion}}}"}}""";

    private static string Registration(string feeRecipient, string gasLimit = "30000000")
        => $$$"""{"type":"VALIDATOR_REGISTRATION","validator_registration":{"fee_recipient":"{{{feeRecipient}}}","gas_limit":"{{{gasLimit}}}","timestamp":"1700000000","pubkey":"0xPUBKEY"}}""";

    private const string Exit = """{"type":"VOLUNTARY_EXIT","fork_info":FORK,"voluntary_exit":{"epoch":"10","validator_index":"7"}}""";

    private string Body(string template)
        => template.Replace("0xPUBKEY", SignRequestBodies.Hex(_cluster.Validators[0].Set.PublicKey.Span)).Replace("FORK", SignRequestBodies.ForkInfo.Trim());

    private void SetPhaseEverywhere(LifecyclePhase phase)
    {
        foreach (var node in _cluster.Nodes)
            node.Lifecycle.SetPhase(_cluster.Validators[0].Id, phase);
    }

    private async Task<(int Status, string Body)> SignAt(ulong node, string template)
    {
        var (status, body, _) = await _cluster.Node(node).SignAsync(SignRequestBodies.Hex(_cluster.Validators[0].Set.PublicKey.Span), Body(template));
        return (status, body);
    }

    private void AssertVerifies(string template, string response)
    {
        var validator = _cluster.Validators[0];
        Assert.True(validator.Set.PublicKey.Verify(SignRequestBodies.SigningRootOf(Body(template)).AsSpan(), BlsSignature.Decode(SignRequestBodies.SignatureOf(response))));
    }

    [Fact]
    public async Task A_deposit_is_signed_only_with_the_registry_s_credentials_and_only_while_it_is_due()
    {
        SetPhaseEverywhere(LifecyclePhase.AwaitingDeposit);
        var (status, response) = await SignAt(3, Deposit(RegisteredCredentials));
        Assert.True(status == 200, response);
        AssertVerifies(Deposit(RegisteredCredentials), response);

        SetPhaseEverywhere(LifecyclePhase.Deposited);
        (status, response) = await SignAt(3, Deposit(RegisteredCredentials));
        Assert.Equal(403, status);
        Assert.Contains("deposit.due", response);
    }

    [Theory]
    [InlineData(ForeignCredentials, "32000000000", "0x00000001", "deposit.withdrawal-credentials", RegisteredCredentials)]
    [InlineData(RegisteredCredentials, "1000000000", "0x00000001", "deposit.amount", "32000000000")]
    [InlineData(RegisteredCredentials, "32000000000", "0x00000000", "deposit.genesis-fork-version", "0x00000001")]
    public async Task A_holder_s_deposit_with_foreign_values_is_refused_naming_the_rule_and_the_chain_s_value(
        string credentials, string amount, string forkVersion, string rule, string onChain)
    {
        SetPhaseEverywhere(LifecyclePhase.AwaitingDeposit);
        var (status, response) = await SignAt(3, Deposit(credentials, amount, forkVersion));

        Assert.Equal(403, status);
        Assert.Contains(rule, response);
        Assert.Contains(onChain, response);
    }

    [Fact]
    public async Task Every_holder_checks_itself_so_a_lying_asker_gets_no_partials()
    {
        // The asker's own registry view is wrong (or it is hostile): it believes the deposit is due. The other holders
        // read the registry themselves and refuse, so no quorum exists and the recovery key is not used either.
        _cluster.Node(3).Lifecycle.SetPhase(_cluster.Validators[0].Id, LifecyclePhase.AwaitingDeposit);
        var (status, response) = await SignAt(3, Deposit(RegisteredCredentials));

        Assert.Equal(403, status);
        Assert.Contains("deposit.due", response);
        Assert.Equal(0, _cluster.Node(1).Services.Metrics.PeerRequests.WithLabels("signed").Value);
    }

    [Fact]
    public async Task An_exit_is_signed_only_after_the_owner_requested_it_on_chain()
    {
        var (status, response) = await SignAt(1, Exit);
        Assert.Equal(403, status);
        Assert.Contains("exit.requested", response);
        Assert.Contains("Deposited", response);

        SetPhaseEverywhere(LifecyclePhase.ExitRequested);
        (status, response) = await SignAt(1, Exit);
        Assert.True(status == 200, response);
        AssertVerifies(Exit, response);
    }

    [Fact]
    public async Task A_builder_registration_pays_only_the_fee_recipient_the_registry_records()
    {
        var (status, response) = await SignAt(2, Registration("0x2222222222222222222222222222222222222222"));
        Assert.Equal(403, status);
        Assert.Contains("registration.fee-recipient", response);
        Assert.Contains(StaticLifecycleAuthority.WithdrawalAddress.ToString(), response);

        (status, response) = await SignAt(2, Registration(StaticLifecycleAuthority.WithdrawalAddress.ToString(), gasLimit: "1000000000"));
        Assert.Equal(403, status);
        Assert.Contains("registration.gas-limit", response);

        (status, response) = await SignAt(2, Registration(StaticLifecycleAuthority.WithdrawalAddress.ToString()));
        Assert.True(status == 200, response);
        AssertVerifies(Registration(StaticLifecycleAuthority.WithdrawalAddress.ToString()), response);
    }

    [Fact]
    public async Task The_solo_and_recovery_full_key_applies_the_same_rules()
    {
        var solo = _cluster.Solo;
        var body = Deposit(ForeignCredentials).Replace("0xPUBKEY", SignRequestBodies.Hex(solo.Set.PublicKey.Span));
        _cluster.Node(1).Lifecycle.SetPhase(solo.Id, LifecyclePhase.AwaitingDeposit);
        var (status, response, _) = await _cluster.Node(1).SignAsync(SignRequestBodies.Hex(solo.Set.PublicKey.Span), body);
        Assert.Equal(403, status);
        Assert.Contains("deposit.withdrawal-credentials", response);

        // Recovery: the other holders unreachable, the owner's full key would be next; the exit was never requested.
        _cluster.Cut(1, [2, 3, 4]);
        (status, response) = await SignAt(1, Exit);
        Assert.Equal(403, status);
        Assert.Contains("exit.requested", response);
        Assert.Equal(0, _cluster.Node(1).Services.Metrics.RecoveryKeyUses.WithLabels("VOLUNTARY_EXIT").Value);
    }

    [Fact]
    public async Task A_non_slashable_type_takes_the_same_recovery_path_under_the_same_quorum()
    {
        var validator = _cluster.Validators[0];
        var publicKey = SignRequestBodies.Hex(validator.Set.PublicKey.Span);
        var body = SignRequestBodies.RandaoReveal(12);

        _cluster.Cut(1, [2, 3, 4]);
        Assert.Equal(500, (await _cluster.Node(1).SignAsync(publicKey, body)).Status);
        _cluster.HealAll();
        _cluster.Isolate(1, [3, 4]);
        var (status, response, _) = await _cluster.Node(1).SignAsync(publicKey, body);

        Assert.True(status == 200, response);
        Assert.True(validator.Set.PublicKey.Verify(SignRequestBodies.SigningRootOf(body).AsSpan(), BlsSignature.Decode(SignRequestBodies.SignatureOf(response))));
        Assert.Equal(1, _cluster.Node(1).Services.Metrics.RecoveryKeyUses.WithLabels("RANDAO_REVEAL").Value);
    }
}
