using Dvt.Crypto.Bls;
using Dvt.Signer.Tests.Cluster;

namespace Dvt.Signer.Tests;

/// <summary>The request types the Lodestar examples lack (deposit, exit, builder registration), and a non-slashable type through recovery.</summary>
public sealed class RequestTypesBeyondTheExamplesTests : IAsyncLifetime
{
    private SignerCluster _cluster = null!;

    public async Task InitializeAsync() => _cluster = await SignerCluster.StartAsync(3, 4, validatorCount: 1);

    public async Task DisposeAsync() => await _cluster.DisposeAsync();

    public static TheoryData<string, string> Bodies => new()
    {
        { "DEPOSIT", """{"type":"DEPOSIT","deposit":{"pubkey":"0xPUBKEY","withdrawal_credentials":"0x0100000000000000000000001111111111111111111111111111111111111111","amount":"32000000000","genesis_fork_version":"0x00000001"}}""" },
        { "VALIDATOR_REGISTRATION", """{"type":"VALIDATOR_REGISTRATION","validator_registration":{"fee_recipient":"0x2222222222222222222222222222222222222222","gas_limit":"30000000","timestamp":"1700000000","pubkey":"0xPUBKEY"}}""" },
        { "VOLUNTARY_EXIT", """{"type":"VOLUNTARY_EXIT","fork_info":FORK,"voluntary_exit":{"epoch":"10","validator_index":"7"}}""" },
    };

    [Theory]
    [MemberData(nameof(Bodies))]
    public async Task Threshold_signature_verifies_for_the_independently_computed_root(string type, string template)
    {
        var validator = _cluster.Validators[0];
        var publicKey = SignRequestBodies.Hex(validator.Set.PublicKey.Span);
        var body = template.Replace("0xPUBKEY", publicKey).Replace("FORK", SignRequestBodies.ForkInfo.Trim());

        var (status, response, _) = await _cluster.Node(3).SignAsync(publicKey, body);

        Assert.True(status == 200, $"{type}: HTTP {status}: {response}");
        Assert.True(validator.Set.PublicKey.Verify(SignRequestBodies.SigningRootOf(body).AsSpan(), BlsSignature.Decode(SignRequestBodies.SignatureOf(response))));
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
        _cluster.Cut(1, [3, 4]);
        var (status, response, _) = await _cluster.Node(1).SignAsync(publicKey, body);

        Assert.True(status == 200, response);
        Assert.True(validator.Set.PublicKey.Verify(SignRequestBodies.SigningRootOf(body).AsSpan(), BlsSignature.Decode(SignRequestBodies.SignatureOf(response))));
        Assert.Equal(1, _cluster.Node(1).Services.Metrics.RecoveryKeyUses.WithLabels("RANDAO_REVEAL").Value);
    }
}
