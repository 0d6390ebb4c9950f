using Dvt.Signer.Directory;
using Dvt.Signer.Http;
using Dvt.Signer.Observability;
using Microsoft.AspNetCore.Http;

namespace Dvt.Signer.Peer;

/// <summary>
/// POST /peer/v1/partial-signature-batches, the holder's side: authenticate the asking operator once for the whole
/// batch (401/403), read the envelope (400 for the whole batch: not JSON, unknown fields, no items, more than
/// <see cref="PartialSignatureBatchMessages.MaxItems"/>), then answer every item exactly as
/// <see cref="PartialSignatureEndpoint"/> answers one request: the same checks in the same order, each item refused
/// or signed on its own (a partial under another share index or an undecided root refuses that item, never the others).
/// </summary>
internal sealed class PartialSignatureBatchEndpoint(PartialSignatureEndpoint single, SignerMetrics metrics)
{
    public async Task HandleAsync(HttpContext context)
    {
        if (await single.AdmitAsync(context, PartialSignatureBatchMessages.Path, "batch") is not { } admitted)
            return;
        var (body, asker) = admitted;

        System.Text.Json.JsonDocument document;
        IReadOnlyList<System.Text.Json.JsonElement> items;
        try
        {
            document = PartialSignatureBatchMessages.ParseRequest(body, out items);
        }
        catch (PeerMessageFormatException e)
        {
            await Refuse(context, "malformed", 400, e.Message);
            return;
        }
        using (document)
        {
            var prepared = items.Select((item, i) => Prepare(item, i, asker)).ToList();
            var answers = await Task.WhenAll(prepared.Select(p => p switch
            {
                PeerItem item => single.FinishAsync(item),
                PeerItemAnswer refused => Task.FromResult(refused),
                _ => throw new InvalidOperationException("unexpected preparation"),
            }));
            foreach (var answer in answers)
                metrics.PeerRequests.WithLabels(answer.Outcome).Inc();
            context.Response.ContentType = "application/json";
            await context.Response.Body.WriteAsync(PartialSignatureBatchMessages.EncodeResponse(
                answers.Select(a => a.Body ?? PartialSignatureBatchMessages.EncodeItemError(a.Status, a.Message)).ToList()));
        }
    }

    private object Prepare(System.Text.Json.JsonElement item, int position, OperatorPeer asker)
    {
        try
        {
            PartialSignatureMessages.ReadRequest(item, $"items[{position}].", out var validatorKey, out var request, out var partial);
            return single.Prepare(validatorKey, request, partial, asker);
        }
        catch (PeerMessageFormatException e)
        {
            return PeerItemAnswer.Refuse("malformed", 400, e.Message);
        }
    }

    private Task Refuse(HttpContext context, string outcome, int status, string message)
    {
        metrics.PeerRequests.WithLabels(outcome).Inc();
        return ApiResponses.Error(context, status, message);
    }
}
