using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace Dvt.Signer.Http;

/// <summary>
/// Reads a request body with a size cap and a time limit, so neither API can be made to buffer without bound or
/// to wait forever. <see cref="Bytes"/> is set on success; otherwise <see cref="Status"/> and <see cref="Problem"/>.
/// </summary>
internal sealed record RequestBody(byte[]? Bytes, int Status, string Problem)
{
    private const int DeclaredLengthFirstChunk = 64 * 1024;

    public static async Task<RequestBody> ReadAsync(HttpContext context, int maxBytes, TimeSpan timeout)
    {
        var sizeFeature = context.Features.Get<IHttpMaxRequestBodySizeFeature>();
        if (sizeFeature is { IsReadOnly: false })
            sizeFeature.MaxRequestBodySize = maxBytes;
        if (context.Request.ContentLength is { } declared && declared > maxBytes)
            return TooLarge(maxBytes);

        using var timer = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted);
        timer.CancelAfter(timeout);
        try
        {
            // A declared length (every peer batch has one) ends the body in an array of exactly that size, without the
            // stream's final copy: a batch of a few hundred partials is large-object-heap sized. The array grows by
            // doubling from 64 KiB as bytes arrive, so a declared length reserves nothing the sender has not sent. A
            // body longer than declared is refused by the server; a shorter one is a truncated request.
            if (context.Request.ContentLength is { } length)
            {
                var body = new byte[Math.Min(length, DeclaredLengthFirstChunk)];
                var filled = 0;
                while (filled < length)
                {
                    if (filled == body.Length)
                        Array.Resize(ref body, (int)Math.Min(length, 2L * body.Length));
                    var read = await context.Request.Body.ReadAsync(body.AsMemory(filled), timer.Token);
                    if (read == 0)
                        return new RequestBody(null, StatusCodes.Status400BadRequest, $"the request body ended after {filled} of its declared {length} bytes");
                    filled += read;
                }
                return new RequestBody(body, StatusCodes.Status200OK, "");
            }
            var buffer = new MemoryStream();
            var chunk = new byte[16 * 1024];
            while (true)
            {
                var read = await context.Request.Body.ReadAsync(chunk, timer.Token);
                if (read == 0)
                    break;
                if (buffer.Length + read > maxBytes)
                    return TooLarge(maxBytes);
                buffer.Write(chunk, 0, read);
            }
            return new RequestBody(buffer.ToArray(), StatusCodes.Status200OK, "");
        }
        catch (OperationCanceledException) when (!context.RequestAborted.IsCancellationRequested)
        {
            return new RequestBody(null, StatusCodes.Status408RequestTimeout, $"the request body did not arrive within {timeout.TotalSeconds} s");
        }
        catch (BadHttpRequestException e)
        {
            return new RequestBody(null, e.StatusCode, $"the request body could not be read: {e.Message}");
        }
    }

    private static RequestBody TooLarge(int maxBytes)
        => new(null, StatusCodes.Status413PayloadTooLarge, $"the request body is larger than {maxBytes} bytes");
}
