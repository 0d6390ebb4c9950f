using Dvt.Crypto.Bls;
using Dvt.Signer.Tests.Cluster;

namespace Dvt.Signer.Tests;

/// <summary>
/// Every request type Lodestar sends, signed by a real cluster over loopback HTTP: the signature must verify under
/// the validator key for the signing root computed independently from the same body.
/// </summary>
public abstract class LodestarExampleSigningTests(ExampleClusterFixture fixture)
{
    [SkippableTheory]
    [MemberData(nameof(LodestarExamples.Files), MemberType = typeof(LodestarExamples))]
    public async Task Threshold_signature_of_every_example_verifies_under_the_validator_key(string file)
    {
        var body = LodestarExamples.Body(file);
        var validator = fixture.Cluster.Validators[LodestarExamples.IndexOf(file)];
        var asker = fixture.Cluster.Node(2);

        var (status, response, contentType) = await asker.SignAsync(SignRequestBodies.Hex(validator.Set.PublicKey.Span), body);

        Assert.True(status == 200, $"{file}: HTTP {status}: {response}");
        Assert.Equal("application/json", contentType);
        var signature = BlsSignature.Decode(SignRequestBodies.SignatureOf(response));
        var root = SignRequestBodies.SigningRootOf(body);
        Assert.True(validator.Set.PublicKey.Verify(root.AsSpan(), signature), $"{file}: the signature does not verify for the independently computed root");
    }
}

public sealed class ThreeOfFourLodestarExampleTests(ThreeOfFourFixture fixture) : LodestarExampleSigningTests(fixture), IClassFixture<ThreeOfFourFixture>;

public sealed class FiveOfSevenLodestarExampleTests(FiveOfSevenFixture fixture) : LodestarExampleSigningTests(fixture), IClassFixture<FiveOfSevenFixture>;
