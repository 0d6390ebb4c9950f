using Dvt.Qbft.Encoding;
using Dvt.Qbft.Messages;
using Dvt.Signer.Peer;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Dvt.Signer;

namespace Dvt.Duties.Consensus;

/// <summary>
/// <c>POST /peer/v1/qbft</c> on the public listener: the request must be signed by a registered, active operator
/// (401/403 as for partial-signature requests), its body must decode (400), and the message must be in the
/// authenticated operator's own name (403): a holder relays nothing for another. The engine then checks the
/// message's own signature and everything QBFT checks; 202 means taken in, not acted on.
/// </summary>
public sealed class QbftPeerEndpoint(PeerRequestAuthenticator authenticator, IDutyConsensus consensus, ILogger<QbftPeerEndpoint> logger)
{
    public async Task HandleAsync(HttpContext context)
    {
        var body = await ReadBodyAsync(context).ConfigureAwait(false);
        if (body is null)
        {
            await Answer(context, 413, $"body larger than {QbftPeerMessages.MaxBodyBytes} bytes").ConfigureAwait(false);
            return;
        }
        switch (authenticator.Authenticate(context.Request.Headers, context.Request.Method, QbftPeerMessages.Path, body))
        {
            case PeerAuthentication.Unauthenticated refused:
                logger.LogWarning("QBFT message refused (401): {Reason}", refused.Reason);
                await Answer(context, 401, refused.Reason).ConfigureAwait(false);
                return;
            case PeerAuthentication.Forbidden refused:
                logger.LogWarning("QBFT message refused (403): {Reason}", refused.Reason);
                await Answer(context, 403, refused.Reason).ConfigureAwait(false);
                return;
            case PeerAuthentication.Authenticated authenticated:
                QbftEnvelope envelope;
                try
                {
                    envelope = QbftCodec.Decode(body);
                }
                catch (QbftMessageFormatException e)
                {
                    await Answer(context, 400, e.Message).ConfigureAwait(false);
                    return;
                }
                if (envelope.Message.Sender.Value != authenticated.Asker.Id.Value)
                {
                    await Answer(context, 403, $"message in the name of {envelope.Message.Sender}, sent by operator {authenticated.Asker.Id.Value}").ConfigureAwait(false);
                    return;
                }
                consensus.Receive(envelope);
                context.Response.StatusCode = 202;
                return;
        }
    }

    private static async Task<byte[]?> ReadBodyAsync(HttpContext context)
    {
        if (context.Request.ContentLength > QbftPeerMessages.MaxBodyBytes)
            return null;
        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted);
        timeout.CancelAfter(TimeSpan.FromSeconds(5));
        while ((read = await context.Request.Body.ReadAsync(chunk, timeout.Token).ConfigureAwait(false)) > 0)
        {
            if (buffer.Length + read > QbftPeerMessages.MaxBodyBytes)
                return null;
            buffer.Write(chunk, 0, read);
        }
        return buffer.ToArray();
    }

    private static Task Answer(HttpContext context, int status, string message)
    {
        context.Response.StatusCode = status;
        return context.Response.WriteAsJsonAsync(new { code = status, message });
    }
}
