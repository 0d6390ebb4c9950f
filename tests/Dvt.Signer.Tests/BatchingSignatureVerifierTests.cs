using System.Security.Cryptography;
using Dvt.Crypto.Bls;
using Dvt.Signer.Signing;

namespace Dvt.Signer.Tests;

/// <summary>
/// The combine stage's batched check: however requests fall into batches, each answer is the answer of checking that
/// signature alone; a bad signature among hundreds of good ones is refused alone.
/// </summary>
public sealed class BatchingSignatureVerifierTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public async Task Concurrent_checks_answer_each_signature_as_a_lone_check_would(int maxRunning)
    {
        var verifier = new BatchingSignatureVerifier(maxRunning);
        var requests = Enumerable.Range(0, 600).Select(i =>
        {
            using var key = BlsSecretKey.Generate();
            var message = RandomNumberGenerator.GetBytes(32);
            var signature = key.Sign(message);
            return i switch
            {
                // Three kinds of bad: another message, another key, and another signature's point.
                7 => (key.PublicKey, Message: RandomNumberGenerator.GetBytes(32), Signature: signature, Good: false),
                301 => (BlsSecretKey.Generate().PublicKey, Message: message, Signature: signature, Good: false),
                599 => (key.PublicKey, Message: message, Signature: key.Sign(RandomNumberGenerator.GetBytes(32)), Good: false),
                _ => (key.PublicKey, Message: message, Signature: signature, Good: true),
            };
        }).ToList();

        var answers = await Task.WhenAll(requests.Select(r => Task.Run(() => verifier.VerifyAsync(r.PublicKey, r.Message, r.Signature))));

        for (var i = 0; i < requests.Count; i++)
            Assert.True(answers[i] == requests[i].Good, $"request {i}: answered {answers[i]}, a lone check says {requests[i].Good}");
    }

    [Fact]
    public async Task A_lone_check_is_answered()
    {
        var verifier = new BatchingSignatureVerifier();
        using var key = BlsSecretKey.Generate();
        var message = RandomNumberGenerator.GetBytes(32);
        Assert.True(await verifier.VerifyAsync(key.PublicKey, message, key.Sign(message)));
        Assert.False(await verifier.VerifyAsync(key.PublicKey, RandomNumberGenerator.GetBytes(32), key.Sign(message)));
    }
}
