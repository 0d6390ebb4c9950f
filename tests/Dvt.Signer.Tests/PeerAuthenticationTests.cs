using Dvt.Consensus.Primitives;
using System.Security.Cryptography;
using System.Text;
using Dvt.ContractBindings.Signing;
using Dvt.Signer.Directory;
using Dvt.Signer.Peer;
using Dvt.Signer.Tests.Cluster;

namespace Dvt.Signer.Tests;

/// <summary>A holder answers a partial-signature request only for an authenticated, registered, active operator, once.</summary>
public sealed class PeerAuthenticationTests : IAsyncLifetime
{
    private SignerCluster _cluster = null!;

    public async Task InitializeAsync() => _cluster = await SignerCluster.StartAsync(3, 4, validatorCount: 1);

    public async Task DisposeAsync() => await _cluster.DisposeAsync();

    private byte[] Body(ulong epoch = 3)
        => PartialSignatureMessages.EncodeRequest(_cluster.Validators[0].Set.PublicKey, Encoding.UTF8.GetBytes(SignRequestBodies.RandaoReveal(epoch)));

    private HttpRequestMessage Request(byte[] body, IEnumerable<KeyValuePair<string, string>> headers)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, new Uri(_cluster.Node(2).Endpoint, PartialSignatureMessages.Path))
        {
            Content = new ByteArrayContent(body),
        };
        foreach (var header in headers)
            request.Headers.TryAddWithoutValidation(header.Key, header.Value);
        return request;
    }

    private static ulong Now => (ulong)DateTimeOffset.UtcNow.ToUnixTimeSeconds();

    private static byte[] Nonce() => RandomNumberGenerator.GetBytes(PeerRequestHeaders.NonceLength);

    [Fact]
    public async Task A_registered_operator_gets_a_partial_that_verifies_against_the_holders_public_share()
    {
        var body = Body();
        using var signer = new PeerRequestSigner(new OperatorId(1), _cluster.Node(1).EthereumKey, TimeProvider.System);
        var (status, response) = await _cluster.Node(2).SendRawAsync(Request(body, signer.CreateHeaders(new OperatorId(2), "POST", PartialSignatureMessages.Path, body)));

        Assert.True(status == 200, response);
        var partial = PartialSignatureMessages.ParseResponse(Encoding.UTF8.GetBytes(response));
        var holder = _cluster.Validators[0].Set.Holders[1];
        Assert.Equal(holder.PublicShare.Index, partial.Index);
        Assert.True(Dvt.Crypto.Threshold.ThresholdSigning.VerifyPartial(partial, holder.PublicShare,
            SignRequestBodies.SigningRootOf(SignRequestBodies.RandaoReveal(3)).AsSpan()));
    }

    [Fact]
    public async Task Unknown_operator_is_403()
    {
        var body = Body();
        using var stranger = EthereumPrivateKey.Generate();
        using var signer = new PeerRequestSigner(new OperatorId(99), stranger, TimeProvider.System);
        var (status, response) = await _cluster.Node(2).SendRawAsync(Request(body, signer.CreateHeaders(new OperatorId(2), "POST", PartialSignatureMessages.Path, body)));
        Assert.Equal(403, status);
        Assert.Contains("operator 99 is not registered", response);
    }

    [Fact]
    public async Task Signed_with_a_key_other_than_the_registered_one_is_403()
    {
        var body = Body();
        using var impostor = EthereumPrivateKey.Generate();
        using var signer = new PeerRequestSigner(new OperatorId(1), impostor, TimeProvider.System);
        var (status, response) = await _cluster.Node(2).SendRawAsync(Request(body, signer.CreateHeaders(new OperatorId(2), "POST", PartialSignatureMessages.Path, body)));
        Assert.Equal(403, status);
        Assert.Contains("registered address", response);
    }

    [Fact]
    public async Task A_body_changed_after_signing_does_not_authenticate()
    {
        var body = Body(3);
        using var signer = new PeerRequestSigner(new OperatorId(1), _cluster.Node(1).EthereumKey, TimeProvider.System);
        var headers = signer.CreateHeaders(new OperatorId(2), "POST", PartialSignatureMessages.Path, body);
        var (status, _) = await _cluster.Node(2).SendRawAsync(Request(Body(4), headers));
        Assert.Equal(403, status);
    }

    [Theory]
    [InlineData(-120)]
    [InlineData(120)]
    public async Task A_time_outside_30_seconds_is_401(int offsetSeconds)
    {
        var body = Body();
        using var signer = new PeerRequestSigner(new OperatorId(1), _cluster.Node(1).EthereumKey, TimeProvider.System);
        var headers = signer.CreateHeaders(new OperatorId(2), "POST", PartialSignatureMessages.Path, body, (ulong)((long)Now + offsetSeconds), Nonce());
        var (status, response) = await _cluster.Node(2).SendRawAsync(Request(body, headers));
        Assert.Equal(401, status);
        Assert.Contains("request time", response);
    }

    [Theory]
    [InlineData("253402300800")]
    [InlineData("18446744073709551615")]
    [InlineData("-5")]
    [InlineData("1e9")]
    public async Task A_time_that_is_not_a_plausible_unix_second_is_401(string time)
    {
        var body = Body();
        using var signer = new PeerRequestSigner(new OperatorId(1), _cluster.Node(1).EthereumKey, TimeProvider.System);
        var headers = signer.CreateHeaders(new OperatorId(2), "POST", PartialSignatureMessages.Path, body)
            .Select(h => h.Key == PeerRequestHeaders.Time ? new KeyValuePair<string, string>(h.Key, time) : h);
        var (status, response) = await _cluster.Node(2).SendRawAsync(Request(body, headers));
        Assert.Equal(401, status);
        Assert.Contains(PeerRequestHeaders.Time, response);
    }

    [Fact]
    public async Task A_validator_the_holder_does_not_know_is_404()
    {
        var body = PartialSignatureMessages.EncodeRequest(Dvt.Crypto.Bls.BlsSecretKey.Generate().PublicKey, Encoding.UTF8.GetBytes(SignRequestBodies.RandaoReveal(3)));
        using var signer = new PeerRequestSigner(new OperatorId(1), _cluster.Node(1).EthereumKey, TimeProvider.System);
        var (status, response) = await _cluster.Node(2).SendRawAsync(Request(body, signer.CreateHeaders(new OperatorId(2), "POST", PartialSignatureMessages.Path, body)));
        Assert.Equal(404, status);
        Assert.Contains("not known", response);
    }

    [Fact]
    public async Task A_replayed_request_is_401()
    {
        var body = Body();
        using var signer = new PeerRequestSigner(new OperatorId(1), _cluster.Node(1).EthereumKey, TimeProvider.System);
        var headers = signer.CreateHeaders(new OperatorId(2), "POST", PartialSignatureMessages.Path, body);

        var (first, _) = await _cluster.Node(2).SendRawAsync(Request(body, headers));
        var (second, response) = await _cluster.Node(2).SendRawAsync(Request(body, headers));

        Assert.Equal(200, first);
        Assert.Equal(401, second);
        Assert.Contains("replayed", response);
    }

    [Fact]
    public async Task An_inactive_operator_is_403()
    {
        _cluster.Operators.Set(_cluster.Node(1).AsPeer(active: false));
        var body = Body();
        using var signer = new PeerRequestSigner(new OperatorId(1), _cluster.Node(1).EthereumKey, TimeProvider.System);
        var (status, response) = await _cluster.Node(2).SendRawAsync(Request(body, signer.CreateHeaders(new OperatorId(2), "POST", PartialSignatureMessages.Path, body)));
        Assert.Equal(403, status);
        Assert.Contains("not active", response);
    }

    [Theory]
    [InlineData(PeerRequestHeaders.Operator)]
    [InlineData(PeerRequestHeaders.Time)]
    [InlineData(PeerRequestHeaders.Nonce)]
    [InlineData(PeerRequestHeaders.Signature)]
    public async Task A_missing_header_is_401_naming_it(string missing)
    {
        var body = Body();
        using var signer = new PeerRequestSigner(new OperatorId(1), _cluster.Node(1).EthereumKey, TimeProvider.System);
        var headers = signer.CreateHeaders(new OperatorId(2), "POST", PartialSignatureMessages.Path, body).Where(h => h.Key != missing);
        var (status, response) = await _cluster.Node(2).SendRawAsync(Request(body, headers));
        Assert.Equal(401, status);
        Assert.Contains(missing, response);
    }

    [Fact]
    public async Task A_replay_with_the_nonce_in_capitals_is_401()
    {
        var body = Body();
        using var signer = new PeerRequestSigner(new OperatorId(1), _cluster.Node(1).EthereumKey, TimeProvider.System);
        var headers = signer.CreateHeaders(new OperatorId(2), "POST", PartialSignatureMessages.Path, body);
        var capitalised = headers.Select(h => h.Key == PeerRequestHeaders.Nonce ? new KeyValuePair<string, string>(h.Key, "0x" + h.Value[2..].ToUpperInvariant()) : h).ToList();
        Assert.NotEqual(headers.Single(h => h.Key == PeerRequestHeaders.Nonce).Value, capitalised.Single(h => h.Key == PeerRequestHeaders.Nonce).Value);

        var (first, _) = await _cluster.Node(2).SendRawAsync(Request(body, headers));
        var (second, response) = await _cluster.Node(2).SendRawAsync(Request(body, capitalised));

        Assert.Equal(200, first);
        Assert.Equal(401, second);
        Assert.Contains("replayed", response);
    }

    [Fact]
    public async Task Headers_made_for_one_holder_are_refused_by_another()
    {
        // A holder that received a request (or anyone who saw it) forwards it to another holder.
        var body = Body();
        using var signer = new PeerRequestSigner(new OperatorId(1), _cluster.Node(1).EthereumKey, TimeProvider.System);
        var forNode3 = signer.CreateHeaders(new OperatorId(3), "POST", PartialSignatureMessages.Path, body);

        var (status, response) = await _cluster.Node(2).SendRawAsync(Request(body, forNode3));

        Assert.Equal(403, status);
        Assert.Contains("registered address", response);
    }

    [Fact]
    public void A_request_signed_before_the_holder_restarted_is_401()
    {
        // Its nonce cache died with the previous process: a request made before the restart may have been answered then.
        var body = Body();
        using var signer = new PeerRequestSigner(new OperatorId(1), _cluster.Node(1).EthereumKey, TimeProvider.System);
        var beforeStart = signer.CreateHeaders(new OperatorId(2), "POST", PartialSignatureMessages.Path, body, Now - 5, Nonce());
        var authenticator = new PeerRequestAuthenticator(new OperatorId(2), _cluster.Operators, TimeProvider.System, TimeSpan.FromSeconds(30));
        var headers = new Microsoft.AspNetCore.Http.HeaderDictionary();
        foreach (var header in beforeStart)
            headers[header.Key] = header.Value;

        var outcome = authenticator.Authenticate(headers, "POST", PartialSignatureMessages.Path, body);

        var refused = Assert.IsType<PeerAuthentication.Unauthenticated>(outcome);
        Assert.Contains("before this process started", refused.Reason);
        var fresh = new Microsoft.AspNetCore.Http.HeaderDictionary();
        foreach (var header in signer.CreateHeaders(new OperatorId(2), "POST", PartialSignatureMessages.Path, body))
            fresh[header.Key] = header.Value;
        Assert.IsType<PeerAuthentication.Authenticated>(authenticator.Authenticate(fresh, "POST", PartialSignatureMessages.Path, body));
    }

    [Fact]
    public async Task A_holder_refuses_a_conflicting_partial_with_412_and_its_evidence()
    {
        using var signer = new PeerRequestSigner(new OperatorId(1), _cluster.Node(1).EthereumKey, TimeProvider.System);
        async Task<(int, string)> Ask(string web3SignerBody)
        {
            var body = PartialSignatureMessages.EncodeRequest(_cluster.Validators[0].Set.PublicKey, Encoding.UTF8.GetBytes(web3SignerBody));
            return await _cluster.Node(2).SendRawAsync(Request(body, signer.CreateHeaders(new OperatorId(2), "POST", PartialSignatureMessages.Path, body)));
        }

        Assert.Equal(200, (await Ask(SignRequestBodies.Attestation(1, 2, variant: 0))).Item1);
        var (status, response) = await Ask(SignRequestBodies.Attestation(1, 2, variant: 1));
        Assert.Equal(412, status);
        Assert.Contains("double vote", response);
    }
}
