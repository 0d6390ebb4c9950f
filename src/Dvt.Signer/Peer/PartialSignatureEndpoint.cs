using System.Text.Json;
using Dvt.Consensus.Primitives;
using Dvt.Consensus.Signing;
using Dvt.Consensus.Signing.Web3Signer;
using Dvt.Crypto.Threshold;
using Dvt.Signer.Directory;
using Dvt.Signer.Http;
using Dvt.Signer.Observability;
using Dvt.Signer.Signing;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Dvt.Signer.Peer;

/// <summary>
/// POST /peer/v1/partial-signatures, the holder's side: authenticate the asking operator (401/403), read the
/// request (400), find the validator (404) and check the asker is one of its holders (403), recompute the signing
/// root from the typed object, check the sender's pushed partial is for its own share index (400; the exchange verifies
/// it against the public share if it is ever combined), then join the root's exchange (<see cref="ThresholdSigner.JoinAsync"/>): this holder's own
/// lifecycle rules (403, naming the rule and the on-chain value), decided-value gate (403) and slashing check before
/// its partial (200, or 412 refused).
/// </summary>
internal sealed class PartialSignatureEndpoint(
    SignerOptions options,
    IValidatorDirectory validators,
    PeerRequestAuthenticator authenticator,
    IPartialSignatureExchange threshold,
    Web3Signer.ParsedSignRequests parsedRequests,
    SignerMetrics metrics,
    ILogger<PartialSignatureEndpoint> logger)
{
    public async Task HandleAsync(HttpContext context)
    {
        if (await AdmitAsync(context, PartialSignatureMessages.Path, "request") is { } admitted)
            await SignAsync(context, admitted.Body, admitted.Asker);
    }

    /// <summary>
    /// The start of every partial-signature path (single or batch): read the body within its limits (400), then
    /// authenticate the asking operator over this path and the body (401, 403). Null once the refusal is answered.
    /// </summary>
    internal async Task<(byte[] Body, OperatorPeer Asker)?> AdmitAsync(HttpContext context, string path, string what)
    {
        var body = await RequestBody.ReadAsync(context, options.MaxRequestBodyBytes, options.RequestBodyTimeout);
        if (body.Bytes is null)
        {
            await Refuse(context, "malformed", body.Status, body.Problem);
            return null;
        }
        switch (authenticator.Authenticate(context.Request.Headers, context.Request.Method, path, body.Bytes))
        {
            case PeerAuthentication.Unauthenticated refused:
                logger.LogWarning("Peer {What} refused (401): {Reason}", what, refused.Reason);
                await Refuse(context, "unauthenticated", 401, refused.Reason);
                return null;
            case PeerAuthentication.Forbidden refused:
                logger.LogWarning("Peer {What} refused (403): {Reason}", what, refused.Reason);
                await Refuse(context, "forbidden", 403, refused.Reason);
                return null;
            case PeerAuthentication.Authenticated authenticated:
                return (body.Bytes, authenticated.Asker);
            default:
                throw new InvalidOperationException("unexpected authentication outcome");
        }
    }

    private async Task SignAsync(HttpContext context, byte[] body, OperatorPeer asker)
    {
        PeerItemAnswer answer;
        try
        {
            using var document = PartialSignatureMessages.ParseRequest(body, out var validatorKey, out var requestElement, out var askerPartial);
            answer = await AnswerAsync(validatorKey, requestElement, askerPartial, asker);
        }
        catch (PeerMessageFormatException e)
        {
            answer = PeerItemAnswer.Refuse("malformed", 400, e.Message);
        }
        metrics.PeerRequests.WithLabels(answer.Outcome).Inc();
        if (answer.Body is { } ok)
        {
            context.Response.ContentType = "application/json";
            await context.Response.Body.WriteAsync(ok);
            return;
        }
        await ApiResponses.Error(context, answer.Status, answer.Message);
    }

    /// <summary>
    /// One request, alone or an item of a batch (read by the caller; the document stays alive until this returns):
    /// every check of this path in order, then this holder's own partial or the refusal the path answers.
    /// </summary>
    internal Task<PeerItemAnswer> AnswerAsync(byte[] validatorKey, JsonElement requestElement, PartialSignature? askerPartial, OperatorPeer asker)
        => Prepare(validatorKey, requestElement, askerPartial, asker) switch
        {
            PeerItemAnswer refused => Task.FromResult(refused),
            PeerItem item => FinishAsync(item),
            _ => throw new InvalidOperationException("unexpected preparation"),
        };

    /// <summary>
    /// The checks of one item (read, find the validator, the asker's role, the root): the refusal, or the item ready for
    /// <see cref="FinishAsync"/>.
    /// </summary>
    internal object Prepare(byte[] validatorKey, JsonElement requestElement, PartialSignature? askerPartial, OperatorPeer asker)
    {
        ValidatorSigningSet? set;
        SignRequest request;
        Root signingRoot;
        byte[] web3SignerBody;
        try
        {
            web3SignerBody = System.Runtime.InteropServices.JsonMarshal.GetRawUtf8Value(requestElement).ToArray();
            set = validators.Find(validatorKey);
            if (set is null)
                return PeerItemAnswer.Refuse("unknown-key", 404, $"validator {Hex.Encode(validatorKey)} is not known to {options.LocalOperator}");
            (request, signingRoot) = parsedRequests.Read(web3SignerBody);
        }
        catch (PeerMessageFormatException e)
        {
            return PeerItemAnswer.Refuse("malformed", 400, e.Message);
        }
        catch (Exception e) when (e is FormatException or JsonException or ArgumentException or InvalidOperationException or KeyNotFoundException)
        {
            return PeerItemAnswer.Refuse("malformed", 400, e.Message);
        }
        if (set.Holders.All(h => h.Operator != asker.Id) && set.Owner != asker.Id)
            return PeerItemAnswer.Refuse("forbidden", 403, $"{asker.Id} is neither a holder nor the owner of validator {set.ValidatorId}");
        if (!request.ClaimMatches(signingRoot))
            return PeerItemAnswer.Refuse("malformed", 400, $"signingRoot {request.ClaimedSigningRoot} is not the signing root of the request's typed object ({signingRoot})");

        ShareHolder? askerHolder = null;
        if (askerPartial is not null)
        {
            askerHolder = set.Holders.FirstOrDefault(h => h.Operator == asker.Id);
            if (askerHolder is null)
                return PeerItemAnswer.Refuse("bad-partial", 400, $"partial: {asker.Id} holds no share of validator {set.ValidatorId}");
        }
        return new PeerItem(set, request, signingRoot, web3SignerBody, asker.Id, askerPartial, askerHolder);
    }

    /// <summary>
    /// Checks that the pushed partial is the asker's (its share index) and joins the root's exchange: this holder's own
    /// partial or the refusal the path answers. The pushed partial is not verified here: the exchange combines it
    /// optimistically and checks it alone only if the combination fails (<see cref="PartialExchange"/>); this holder's own
    /// partial never depends on it.
    /// </summary>
    internal async Task<PeerItemAnswer> FinishAsync(PeerItem item)
    {
        var (set, request, signingRoot, web3SignerBody, askerId, askerPartial, askerHolder) = item;
        if (askerPartial is not null && askerHolder is not null && askerPartial.Index != askerHolder.PublicShare.Index)
        {
            // Only a holder's own share index is taken from it: another holder's slot in the exchange is never filled by a push.
            var detail = $"partial: share {askerPartial.Index} is not {askerId}'s share ({askerHolder.PublicShare.Index})";
            threshold.ReportBadPush(set, signingRoot, askerHolder, detail);
            return PeerItemAnswer.Refuse("bad-partial", 400, detail);
        }

        PartialResult result;
        bool answerWithPartial;
        try
        {
            (result, answerWithPartial) = await threshold.JoinAsync(set, request, signingRoot, web3SignerBody, askerId, askerPartial);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            logger.LogError(e, "Partial of {Type} for validator {ValidatorId} asked by {Asker} failed", SignRequestTypes.WireName(request.Type), set.ValidatorId, askerId);
            return PeerItemAnswer.Refuse("error", 500, $"{options.LocalOperator} could not sign its partial: {e.Message}");
        }
        switch (result)
        {
            case PartialResult.Signed signed:
                return PeerItemAnswer.Ok(answerWithPartial
                    ? PartialSignatureMessages.EncodeResponse(signed.Partial)
                    : PartialSignatureMessages.EncodeDeliveredResponse(signed.Partial.Index));
            case PartialResult.Refused refused:
                logger.LogWarning("Refused a partial of {Type} for validator {ValidatorId} asked by {Asker}: {Evidence}",
                    SignRequestTypes.WireName(request.Type), set.ValidatorId, askerId, refused.Evidence);
                return PeerItemAnswer.Refuse("refused", 412, $"{options.LocalOperator} refused by slashing protection: {refused.Evidence}");
            case PartialResult.Forbidden forbidden:
                logger.LogWarning("Refused a partial of {Type} for validator {ValidatorId} asked by {Asker}: {Refusal}",
                    SignRequestTypes.WireName(request.Type), set.ValidatorId, askerId, forbidden.Refusal);
                return PeerItemAnswer.Refuse("forbidden-by-chain", 403, $"refused by the registry's state: {forbidden.Refusal}");
            case PartialResult.NotDecided notDecided:
                logger.LogWarning("Refused a partial of {Type} for validator {ValidatorId} asked by {Asker}: {Reason}",
                    SignRequestTypes.WireName(request.Type), set.ValidatorId, askerId, notDecided.Reason);
                return PeerItemAnswer.Refuse("not-decided", 403, $"not the holders' decided value: {notDecided.Reason}");
            case PartialResult.NoShare noShare:
                return PeerItemAnswer.Refuse("no-share", 404, noShare.Reason);
            default:
                throw new InvalidOperationException($"unexpected partial result {result.GetType().Name}");
        }
    }

    private Task Refuse(HttpContext context, string outcome, int status, string message)
    {
        metrics.PeerRequests.WithLabels(outcome).Inc();
        return ApiResponses.Error(context, status, message);
    }
}
