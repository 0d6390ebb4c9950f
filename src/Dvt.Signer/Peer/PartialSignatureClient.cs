using System.Net;
using System.Net.Http.Headers;
using Dvt.Crypto.Threshold;
using Dvt.Signer.Directory;
using Dvt.Signer.Observability;

namespace Dvt.Signer.Peer;

/// <summary>
/// Sends one holder a partial-signature request over HTTP (pooled keep-alive connections; the body may carry this
/// holder's own partial) and checks the answer: a partial counts only when it is for the holder's share index and
/// verifies against its public share.
/// </summary>
public sealed class PartialSignatureClient(HttpClient http, IOperatorDirectory operators)
{
    private static readonly MediaTypeHeaderValue Json = new("application/json");

    public async Task<HolderReply> RequestAsync(
        ShareHolder holder, byte[] body, IReadOnlyList<KeyValuePair<string, string>> authentication, ReadOnlyMemory<byte> signingRoot,
        CancellationToken cancellationToken)
    {
        var peer = operators.Find(holder.Operator);
        if (peer is null || !peer.Active)
            return new HolderReply.Failure(holder, PartialFailureReason.Unreachable, $"{holder.Operator} is not a registered active operator");

        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(peer.Endpoint, PartialSignatureMessages.Path))
        {
            Content = new ByteArrayContent(body),
            Version = HttpVersion.Version11,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
        };
        request.Content.Headers.ContentType = Json;
        foreach (var header in authentication)
            request.Headers.TryAddWithoutValidation(header.Key, header.Value);

        byte[] answer;
        HttpStatusCode status;
        try
        {
            using var response = await http.SendAsync(request, HttpCompletionOption.ResponseContentRead, cancellationToken);
            status = response.StatusCode;
            answer = await response.Content.ReadAsByteArrayAsync(cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return new HolderReply.Failure(holder, PartialFailureReason.Timeout, "no answer before the deadline");
        }
        catch (HttpRequestException e)
        {
            return new HolderReply.Failure(holder, PartialFailureReason.Unreachable, e.Message);
        }

        if (status == HttpStatusCode.PreconditionFailed)
            return new HolderReply.Failure(holder, PartialFailureReason.Refused, ErrorText(answer));
        if (status == HttpStatusCode.Forbidden)
            return new HolderReply.Failure(holder, PartialFailureReason.Forbidden, ErrorText(answer));
        if (status != HttpStatusCode.OK)
            return new HolderReply.Failure(holder, PartialFailureReason.Error, $"HTTP {(int)status}: {ErrorText(answer)}");

        PartialSignature? partial;
        ShareIndex index;
        try
        {
            (index, partial) = PartialSignatureMessages.ParseReply(answer);
        }
        catch (PeerMessageFormatException e)
        {
            return new HolderReply.Failure(holder, PartialFailureReason.BadPartial, e.Message);
        }
        if (partial is null)
        {
            return index == holder.PublicShare.Index
                ? new HolderReply.AlreadyPushed(holder)
                : new HolderReply.Failure(holder, PartialFailureReason.BadPartial, $"answered for {index}, but holds {holder.PublicShare.Index}");
        }
        if (partial.Index != holder.PublicShare.Index)
            return new HolderReply.Failure(holder, PartialFailureReason.BadPartial,
                $"answered for {partial.Index}, but holds {holder.PublicShare.Index}");
        if (!ThresholdSigning.VerifyPartial(partial, holder.PublicShare, signingRoot.Span))
            return new HolderReply.Failure(holder, PartialFailureReason.BadPartial,
                $"the partial signature of {partial.Index} does not verify against its public share");
        return new HolderReply.GoodPartial(holder, partial);
    }

    /// <summary>A short, printable excerpt of an error body (a peer's text is not trusted to be small or clean).</summary>
    private static string ErrorText(byte[] answer)
    {
        var text = System.Text.Encoding.UTF8.GetString(answer, 0, Math.Min(answer.Length, 512));
        return new string(text.Select(c => char.IsControl(c) ? ' ' : c).ToArray());
    }
}
