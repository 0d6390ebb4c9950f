using System.Diagnostics;
using System.Text.Json;
using Dvt.Consensus.Primitives;
using Dvt.Consensus.Signing;
using Dvt.Consensus.Signing.Web3Signer;
using Dvt.Signer.Directory;
using Dvt.Signer.Http;
using Dvt.Signer.Observability;
using Dvt.Signer.Signing;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Dvt.Signer.Web3Signer;

/// <summary>
/// POST /api/v1/eth2/sign/{identifier}: Web3Signer's status codes — 200 signature, 400 malformed (the message
/// names the field) or a signingRoot that is not the typed object's, 403 a lifecycle message the registry's state does
/// not allow (naming the rule and the on-chain value), 404 key not served here, 412 refused by
/// slashing protection (with the evidence), 413 body too large, 500 no signature (e.g. no quorum).
/// Every exit path counts one request metric.
/// </summary>
internal sealed class SignEndpoint(
    SignerOptions options,
    IValidatorDirectory validators,
    ValidatorSigner signer,
    ParsedSignRequests parsedRequests,
    SignerMetrics metrics,
    ILogger<SignEndpoint> logger)
{
    public async Task HandleAsync(HttpContext context, string identifier)
    {
        var started = Stopwatch.GetTimestamp();
        var type = "unknown";
        var body = await RequestBody.ReadAsync(context, options.MaxRequestBodyBytes, options.RequestBodyTimeout);
        if (body.Bytes is null)
        {
            await Finish(context, type, "failed", "malformed", body.Status, body.Problem);
            return;
        }
        if (!Hex.TryDecodeFixed(identifier, Dvt.Crypto.Bls.BlsPublicKey.Length, out var keyBytes))
        {
            await Finish(context, type, "failed", "malformed", 400, $"identifier '{Truncate(identifier)}' is not a BLS public key (0x + 96 hex digits)");
            return;
        }
        var set = validators.Find(keyBytes);
        if (set is null)
        {
            await Finish(context, type, "failed", "unknown-key", 404, $"public key {identifier} is not served by this signer");
            return;
        }

        SignRequest request;
        Root signingRoot;
        try
        {
            (request, signingRoot) = parsedRequests.Read(body.Bytes);
            type = SignRequestTypes.WireName(request.Type);
        }
        catch (Exception e) when (e is FormatException or JsonException or ArgumentException or InvalidOperationException or KeyNotFoundException)
        {
            await Finish(context, type, "failed", "malformed", 400, e.Message);
            return;
        }
        if (!request.ClaimMatches(signingRoot))
        {
            await Finish(context, type, "failed", "root-mismatch", 400,
                $"signingRoot {request.ClaimedSigningRoot} is not the signing root of the request's typed object ({signingRoot})");
            return;
        }

        SignOutcome outcome;
        try
        {
            outcome = await signer.SignAsync(set, request, signingRoot, body.Bytes, context.RequestAborted);
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            metrics.Requests.WithLabels(type, "failed", "client-gone").Inc();
            metrics.CountDuty(type, DutyResult.Missed);
            return;
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            logger.LogError(e, "Signing {Type} for validator {ValidatorId} failed", type, set.ValidatorId);
            metrics.CountDuty(type, DutyResult.Missed);
            await Finish(context, type, "failed", "error", 500, $"signing failed: {e.Message}");
            return;
        }

        metrics.CountDuty(type, outcome switch
        {
            SignOutcome.Approved => DutyResult.Signed,
            SignOutcome.Denied => DutyResult.Refused,
            _ => DutyResult.Missed,
        });
        switch (outcome)
        {
            case SignOutcome.Approved approved:
                metrics.Requests.WithLabels(type, "approved", SignerMetrics.PathLabel(approved.Path)).Inc();
                metrics.Latency.WithLabels(type, SignerMetrics.PathLabel(approved.Path)).Observe(Stopwatch.GetElapsedTime(started).TotalSeconds);
                await ApiResponses.Signature(context, approved.Signature.Span);
                break;
            case SignOutcome.Denied denied:
                logger.LogWarning("Refused {Type} for validator {ValidatorId}: {Evidence}", type, set.ValidatorId, denied.Evidence);
                await Finish(context, type, "denied", "slashing", 412, $"signing refused by slashing protection: {denied.Evidence}");
                break;
            case SignOutcome.Forbidden forbidden:
                logger.LogWarning("Refused {Type} for validator {ValidatorId}: {Refusal}", type, set.ValidatorId, forbidden.Refusal);
                await Finish(context, type, "denied", "lifecycle", 403, $"signing refused by the registry's state: {forbidden.Refusal}");
                break;
            case SignOutcome.Failed failed:
                logger.LogError("No signature for {Type} of validator {ValidatorId}: {Detail}", type, set.ValidatorId, failed.Detail);
                await Finish(context, type, "failed", failed.Reason, 500, failed.Detail);
                break;
        }
    }

    private Task Finish(HttpContext context, string type, string outcome, string reason, int status, string message)
    {
        metrics.Requests.WithLabels(type, outcome, reason).Inc();
        return ApiResponses.Error(context, status, message);
    }

    private static string Truncate(string text) => text.Length <= 120 ? text : text[..120] + "...";
}
