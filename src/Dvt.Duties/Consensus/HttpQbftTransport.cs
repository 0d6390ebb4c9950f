using System.Net.Http.Headers;
using Dvt.Qbft.Encoding;
using Dvt.Qbft.Engine;
using Dvt.Signer.Directory;
using Dvt.Signer.Peer;
using Microsoft.Extensions.Logging;
using Dvt.Signer;

namespace Dvt.Duties.Consensus;

/// <summary>
/// Sends QBFT messages to the other holders' peer API (<see cref="QbftPeerMessages.Path"/>), each POST signed with
/// this operator's registered key. Fire and forget with a short timeout: a lost message is what QBFT's round changes
/// are for, and the engine must never wait on the network.
/// </summary>
public sealed class HttpQbftTransport(HttpClient http, IOperatorDirectory operators, PeerRequestSigner requestSigner, ILogger<HttpQbftTransport> logger)
    : IQbftTransport
{
    private static readonly TimeSpan SendTimeout = TimeSpan.FromSeconds(3);

    public void Send(QbftOutbound outbound)
    {
        var body = QbftCodec.Encode(outbound.Envelope);
        foreach (var recipient in outbound.Recipients)
            _ = SendAsync(new Dvt.Consensus.Primitives.OperatorId(recipient.Value), body);
    }

    private async Task SendAsync(Dvt.Consensus.Primitives.OperatorId recipient, byte[] body)
    {
        if (operators.Find(recipient) is not { Active: true } peer)
        {
            logger.LogDebug("QBFT message not sent: {Operator} is not an active registered operator", recipient);
            return;
        }
        try
        {
            using var timeout = new CancellationTokenSource(SendTimeout);
            using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(peer.Endpoint, QbftPeerMessages.Path))
            {
                Content = new ByteArrayContent(body),
            };
            request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
            foreach (var header in requestSigner.CreateHeaders(recipient, "POST", QbftPeerMessages.Path, body))
                request.Headers.TryAddWithoutValidation(header.Key, header.Value);
            using var response = await http.SendAsync(request, timeout.Token).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode)
                logger.LogInformation("QBFT message to {Operator} answered {Status}: {Body}", recipient, (int)response.StatusCode,
                    await response.Content.ReadAsStringAsync(timeout.Token).ConfigureAwait(false));
        }
        catch (Exception e) when (e is HttpRequestException or OperationCanceledException)
        {
            logger.LogDebug("QBFT message to {Operator} not delivered: {Problem}", recipient, e.Message);
        }
    }
}
