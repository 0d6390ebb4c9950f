using System.Text;
using Dvt.Consensus;
using Dvt.Signer.Tests.Cluster;
using Dvt.Signer.Web3Signer;

namespace Dvt.Signer.Tests;

/// <summary>The cache of read sign requests gives exactly what reading gives, keeps nothing that does not read, and stays bounded.</summary>
public sealed class ParsedSignRequestsTests
{
    [Fact]
    public void Equal_bodies_are_read_once_and_give_the_request_and_its_signing_root()
    {
        var parsed = new ParsedSignRequests(ConsensusPreset.Minimal, SignRequestBodies.Roots);
        var body = SignRequestBodies.Attestation(2, 3);
        var first = parsed.Read(Encoding.UTF8.GetBytes(body));
        Assert.Equal(SignRequestBodies.SigningRootOf(body), first.SigningRoot);
        // Another buffer with the same bytes (another holder's push of the same attestation) is the same reading.
        Assert.Same(first, parsed.Read(Encoding.UTF8.GetBytes(body)));
        var other = parsed.Read(Encoding.UTF8.GetBytes(SignRequestBodies.Attestation(2, 4)));
        Assert.NotEqual(first.SigningRoot, other.SigningRoot);
    }

    [Fact]
    public void A_body_that_does_not_read_throws_every_time_and_the_cache_stays_bounded()
    {
        var parsed = new ParsedSignRequests(ConsensusPreset.Minimal, SignRequestBodies.Roots, capacity: 4);
        var broken = Encoding.UTF8.GetBytes("""{"type":"ATTESTATION"}""");
        var first = Assert.ThrowsAny<FormatException>(() => parsed.Read(broken));
        var second = Assert.ThrowsAny<FormatException>(() => parsed.Read(broken));
        Assert.Equal(first.Message, second.Message);
        // More distinct bodies than the capacity: each still reads right (the map is emptied, not overfilled).
        for (ulong target = 1; target <= 10; target++)
        {
            var body = SignRequestBodies.Attestation(0, target);
            Assert.Equal(SignRequestBodies.SigningRootOf(body), parsed.Read(Encoding.UTF8.GetBytes(body)).SigningRoot);
        }
    }
}
