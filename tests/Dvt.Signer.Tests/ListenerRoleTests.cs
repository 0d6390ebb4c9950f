using System.Text;
using Dvt.Crypto.Bls;
using Dvt.Signer.Tests.Cluster;

namespace Dvt.Signer.Tests;

/// <summary>
/// The attack: every operator publishes its peer URL in the registry, so anyone can reach that listener. An anonymous
/// caller there must get nothing a validator client gets: no signature, no key list, no metrics, no health.
/// </summary>
public sealed class ListenerRoleTests : IAsyncLifetime
{
    private static readonly HttpClient Anonymous = new() { Timeout = TimeSpan.FromSeconds(30) };
    private SignerCluster _cluster = null!;

    public async Task InitializeAsync() => _cluster = await SignerCluster.StartAsync(3, 4, validatorCount: 1);

    public async Task DisposeAsync() => await _cluster.DisposeAsync();

    [Fact]
    public async Task An_anonymous_caller_on_the_public_listener_gets_no_signature()
    {
        var validator = _cluster.Validators[0];
        var publicKey = SignRequestBodies.Hex(validator.Set.PublicKey.Span);
        var body = SignRequestBodies.RandaoReveal(20);
        var node = _cluster.Node(2);

        using var content = new StringContent(body, Encoding.UTF8, "application/json");
        using var onPublic = await Anonymous.PostAsync(new Uri(node.Endpoint, $"/api/v1/eth2/sign/{publicKey}"), content);
        Assert.Equal(404, (int)onPublic.StatusCode);

        // The same request on the validator-client listener is served, so the 404 is the listener's role, not the request.
        var (status, response, _) = await node.SignAsync(publicKey, body);
        Assert.True(status == 200, response);
        Assert.True(validator.Set.PublicKey.Verify(SignRequestBodies.SigningRootOf(body).AsSpan(), BlsSignature.Decode(SignRequestBodies.SignatureOf(response))));
    }

    [Theory]
    [InlineData("/api/v1/eth2/publicKeys")]
    [InlineData("/upcheck")]
    [InlineData("/healthcheck")]
    [InlineData("/metrics")]
    public async Task The_public_listener_serves_nothing_but_the_peer_API(string path)
    {
        var node = _cluster.Node(2);
        using var onPublic = await Anonymous.GetAsync(new Uri(node.Endpoint, path));
        Assert.Equal(404, (int)onPublic.StatusCode);
        Assert.Equal(200, (await node.GetAsync(path)).Status);
    }

    [Fact]
    public async Task The_validator_client_listener_does_not_serve_the_peer_API()
    {
        var node = _cluster.Node(2);
        using var content = new StringContent("{}", Encoding.UTF8, "application/json");
        using var response = await Anonymous.PostAsync(new Uri(node.ValidatorClientEndpoint, Dvt.Signer.Peer.PartialSignatureMessages.Path), content);
        Assert.Equal(404, (int)response.StatusCode);
    }
}
