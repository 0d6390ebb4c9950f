using System.Text.Json;
using Dvt.Consensus.Primitives;
using Microsoft.AspNetCore.Http;

namespace Dvt.Signer.Http;

/// <summary>
/// Writes responses in the form the client asked for: bare text when its Accept header names text/plain and not
/// JSON, JSON otherwise (no Accept header, as Lodestar sends, means JSON). Errors are {"code":..,"message":".."}.
/// </summary>
internal static class ApiResponses
{
    // Messages quote field names and hex; the relaxed encoder keeps them readable (the body is JSON, never HTML).
    private static readonly JsonSerializerOptions ErrorOptions = new()
    {
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        TypeInfoResolver = ErrorBodyJson.Default,
    };

    public static bool WantsText(HttpRequest request)
    {
        var accept = request.Headers.Accept.ToString();
        return accept.Contains("text/plain", StringComparison.OrdinalIgnoreCase)
            && !accept.Contains("application/json", StringComparison.OrdinalIgnoreCase);
    }

    public static Task Signature(HttpContext context, ReadOnlySpan<byte> signature)
    {
        var hex = Hex.Encode(signature);
        context.Response.StatusCode = StatusCodes.Status200OK;
        if (WantsText(context.Request))
        {
            context.Response.ContentType = "text/plain; charset=utf-8";
            return context.Response.WriteAsync(hex);
        }
        context.Response.ContentType = "application/json";
        return context.Response.WriteAsync($"{{\"signature\":\"{hex}\"}}");
    }

    public static Task Error(HttpContext context, int status, string message)
    {
        context.Response.StatusCode = status;
        if (WantsText(context.Request))
        {
            context.Response.ContentType = "text/plain; charset=utf-8";
            return context.Response.WriteAsync(message);
        }
        context.Response.ContentType = "application/json";
        return context.Response.WriteAsync(JsonSerializer.Serialize(new ErrorBody(status, message), ErrorOptions));
    }
}
