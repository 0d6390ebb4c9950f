using Dvt.Crypto.Bls;
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
/// or signed on its own (a forged partial or an undecided root refuses that item, never the others).
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
            // The pushed partials are checked together (random linear combination, one final exponentiation): when the
            // batch check passes every one of them verifies; when it fails, each is verified alone and only the forged
            // ones are refused.
            var pushed = prepared.OfType<PeerItem>()
                .Where(p => p.AskerPartial is not null && p.AskerHolder is not null && p.AskerPartial.Index == p.AskerHolder.PublicShare.Index)
                .ToList();
            var allVerified = pushed.Count > 1 && BlsAggregation.BatchVerify(pushed
                .Select(p => new BlsSignatureSet(p.AskerHolder!.PublicShare.PublicKey, p.SigningRoot.ToArray(), p.AskerPartial!.Signature)).ToList());
            var answers = await Task.WhenAll(prepared.Select(p => p switch
            {
                PeerItem item => single.FinishAsync(item, partialVerified: allVerified && pushed.Contains(item)),
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
