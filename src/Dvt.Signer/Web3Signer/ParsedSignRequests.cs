using Dvt.Consensus;
using Dvt.Consensus.Primitives;
using Dvt.Consensus.Signing;
using Dvt.Consensus.Signing.Web3Signer;

namespace Dvt.Signer.Web3Signer;

/// <summary>
/// Sign requests already read, by their exact bytes, with their signing roots. In a slot every validator's attestation
/// request has the same body (the key is in the path), and a holder reads it from its own client and again in each
/// other holder's push: parsed and hashed once instead of four times per validator. What is kept is a pure function
/// of the bytes (the preset and the chain's roots are fixed for the process), so a hit is exactly what reading the
/// body again would give; a body that does not read is never kept, and throws the same error every time. Bounded:
/// only bodies up to <see cref="MaxKeptBytes"/> (a block is read each time), in a <see cref="BoundedMemo{TKey, TValue}"/>.
/// </summary>
public sealed class ParsedSignRequests(ConsensusPreset preset, SigningRoots roots, int capacity = 1024)
{
    /// <summary>Bodies longer than this are read each time (blocks, rare and large), so the cache holds at most capacity x this.</summary>
    public const int MaxKeptBytes = 4096;

    private readonly BoundedMemo<ReadOnlyMemory<byte>, ParsedSignRequest> _parsed = new(capacity, ByteContentComparer.Instance);

    /// <exception cref="FormatException">The body is not a sign request (the parser's own exception types, as <see cref="PayloadFieldCheck"/> throws them).</exception>
    public ParsedSignRequest Read(byte[] body)
        => body.Length <= MaxKeptBytes ? _parsed.GetOrCompute(body, Parse) : Parse(body);

    private ParsedSignRequest Parse(ReadOnlyMemory<byte> body)
    {
        var request = PayloadFieldCheck.Parse(body, preset);
        return new ParsedSignRequest(request, request.ComputeSigningRoot(roots));
    }
}

/// <summary>A sign request as read from its body, with the signing root of its typed object.</summary>
public sealed record ParsedSignRequest(SignRequest Request, Root SigningRoot);
