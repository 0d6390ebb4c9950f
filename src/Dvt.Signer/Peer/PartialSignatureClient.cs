using System.Net;
using System.Net.Http.Headers;
using Dvt.Crypto.Bls;
using Dvt.Crypto.Threshold;
using Dvt.Signer.Directory;
using Dvt.Signer.Observability;

namespace Dvt.Signer.Peer;

/// <summary>
/// Sends one holder a batch of partial-signature requests over HTTP (pooled keep-alive connections; each item may carry
/// this holder's own partial) and reads the answers: a partial is taken only for the holder's share index, and is not
/// verified here (the root's exchange combines it optimistically; <see cref="Signing.PartialExchange"/>).
/// </summary>
public sealed class PartialSignatureClient(HttpClient http, IOperatorDirectory operators)
{
    private static readonly MediaTypeHeaderValue Json = new("application/json");

    /// <summary>
    /// Sends one holder many requests in one batch (<see cref="PartialSignatureBatchMessages"/>): one reply per item,
    /// in order, each judged against its own validator's share (<paramref name="holders"/>: the same operator, a public
    /// share per item). A failure of the whole request
    /// (unreachable, timeout, an error status, an unreadable answer) is every item's failure.
    /// </summary>
    public async Task<IReadOnlyList<HolderReply>> RequestBatchAsync(
        IReadOnlyList<ShareHolder> holders, IReadOnlyList<byte[]> items,
        Func<byte[], IReadOnlyList<KeyValuePair<string, string>>> authenticate, CancellationToken cancellationToken)
    {
        var holder = holders[0];
        if (holders.Any(h => h.Operator != holder.Operator) || holders.Count != items.Count)
            throw new ArgumentException("a batch goes to one operator, with one holder per item", nameof(holders));
        var body = PartialSignatureBatchMessages.EncodeRequest(items);
        var (failure, status, answer) = await SendAsync(holder, PartialSignatureBatchMessages.Path, body, authenticate(body), cancellationToken);
        failure ??= StatusFailure(holder, status, answer);
        if (failure is not null)
            return holders.Select(h => (HolderReply)(failure with { Holder = h })).ToList();
        IReadOnlyList<PartialSignatureBatchAnswer> answers;
        try
        {
            answers = PartialSignatureBatchMessages.ParseResponse(answer, items.Count);
        }
        catch (PeerMessageFormatException e)
        {
            return holders.Select(h => (HolderReply)new HolderReply.Failure(h, PartialFailureReason.BadPartial, e.Message)).ToList();
        }
        return answers.Select((answer, i) => answer switch
        {
            PartialSignatureBatchAnswer.Error error => StatusFailure(holders[i], (HttpStatusCode)error.Status, System.Text.Encoding.UTF8.GetBytes(error.Message))
                ?? new HolderReply.Failure(holders[i], PartialFailureReason.Error, $"HTTP {error.Status}"),
            var answered => Judge(holders[i], answered),
        }).ToList();
    }

    private async Task<(HolderReply.Failure? Failure, HttpStatusCode Status, byte[] Answer)> SendAsync(
        ShareHolder holder, string path, byte[] body, IReadOnlyList<KeyValuePair<string, string>> authentication, CancellationToken cancellationToken)
    {
        var peer = operators.Find(holder.Operator);
        if (peer is null || !peer.Active)
            return (new HolderReply.Failure(holder, PartialFailureReason.Unreachable, $"{holder.Operator} is not a registered active operator"), default, []);

        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(peer.Endpoint, path))
        {
            Content = new ByteArrayContent(body),
            Version = HttpVersion.Version11,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
        };
        request.Content.Headers.ContentType = Json;
        foreach (var header in authentication)
            request.Headers.TryAddWithoutValidation(header.Key, header.Value);

        try
        {
            using var response = await http.SendAsync(request, HttpCompletionOption.ResponseContentRead, cancellationToken);
            return (null, response.StatusCode, await response.Content.ReadAsByteArrayAsync(cancellationToken));
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return (new HolderReply.Failure(holder, PartialFailureReason.Timeout, "no answer before the deadline"), default, []);
        }
        catch (OperationCanceledException e) when (e.InnerException is TimeoutException)
        {
            // The handler's own connect timeout (SocketsHttpHandler.ConnectTimeout) cancels with a TimeoutException
            // inside, not through the caller's token: the holder did not answer in time, which is a timeout, not an error.
            return (new HolderReply.Failure(holder, PartialFailureReason.Timeout, $"no connection in time: {e.InnerException.Message}"), default, []);
        }
        catch (HttpRequestException e)
        {
            return (new HolderReply.Failure(holder, PartialFailureReason.Unreachable, e.Message), default, []);
        }
    }

    private static HolderReply.Failure? StatusFailure(ShareHolder holder, HttpStatusCode status, byte[] answer) => status switch
    {
        HttpStatusCode.OK => null,
        HttpStatusCode.PreconditionFailed => new HolderReply.Failure(holder, PartialFailureReason.Refused, ErrorText(answer)),
        HttpStatusCode.Forbidden => new HolderReply.Failure(holder, PartialFailureReason.Forbidden, ErrorText(answer)),
        _ => new HolderReply.Failure(holder, PartialFailureReason.Error, $"HTTP {(int)status}: {ErrorText(answer)}"),
    };

    /// <summary>A partial is taken only for the holder's share index (its verification is the exchange's).</summary>
    private static HolderReply Judge(ShareHolder holder, PartialSignatureBatchAnswer answer)
    {
        if (answer is not PartialSignatureBatchAnswer.Answered (var index, var partial))
            throw new ArgumentException("only an answered item is judged", nameof(answer));
        if (partial is null)
        {
            return index == holder.PublicShare.Index
                ? new HolderReply.AlreadyPushed(holder)
                : new HolderReply.Failure(holder, PartialFailureReason.BadPartial, $"answered for {index}, but holds {holder.PublicShare.Index}");
        }
        if (partial.Index != holder.PublicShare.Index)
            return new HolderReply.Failure(holder, PartialFailureReason.BadPartial,
                $"answered for {partial.Index}, but holds {holder.PublicShare.Index}");
        return new HolderReply.PartialReceived(holder, partial);
    }

    /// <summary>A short, printable excerpt of an error body (a peer's text is not trusted to be small or clean).</summary>
    private static string ErrorText(byte[] answer)
    {
        var text = System.Text.Encoding.UTF8.GetString(answer, 0, Math.Min(answer.Length, 512));
        return new string(text.Select(c => char.IsControl(c) ? ' ' : c).ToArray());
    }
}
