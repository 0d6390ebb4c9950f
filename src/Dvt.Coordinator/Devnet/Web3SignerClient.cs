using System.Net;
using System.Text;
using System.Text.Json;

namespace Dvt.Coordinator.Devnet;

/// <summary>What the Web3Signer API answered: a signature (200) or a status with the signer's message.</summary>
public sealed record SignResponse(HttpStatusCode Status, string? Signature, string? Path, string Message);

/// <summary>A validator client's view of one coordinator: the Web3Signer eth2 API plus its /metrics.</summary>
public sealed class Web3SignerClient(Uri baseUrl) : IDisposable
{
    /// <summary>If a coordinator names the path that produced a signature in this header, it is used instead of the metrics.</summary>
    public const string PathHeader = "X-Dvt-Signing-Path";

    private readonly HttpClient http = new() { BaseAddress = baseUrl, Timeout = TimeSpan.FromSeconds(30) };

    public Uri BaseUrl => baseUrl;

    public async Task<bool> UpcheckAsync(CancellationToken ct)
    {
        try
        {
            using var response = await http.GetAsync("/upcheck", ct).ConfigureAwait(false);
            return response.IsSuccessStatusCode;
        }
        catch (HttpRequestException)
        {
            return false;
        }
        catch (TaskCanceledException) when (!ct.IsCancellationRequested)
        {
            return false;
        }
    }

    public async Task<IReadOnlyList<string>> PublicKeysAsync(CancellationToken ct)
    {
        var json = await http.GetStringAsync("/api/v1/eth2/publicKeys", ct).ConfigureAwait(false);
        using var document = JsonDocument.Parse(json);
        return document.RootElement.EnumerateArray().Select(e => e.GetString()!.ToLowerInvariant()).ToArray();
    }

    public async Task<SignResponse> SignAsync(DutyRequest duty, CancellationToken ct)
    {
        using var content = new StringContent(duty.Body, Encoding.UTF8, "application/json");
        using var response = await http.PostAsync($"/api/v1/eth2/sign/{duty.PublicKey}", content, ct).ConfigureAwait(false);
        var text = await response.Content.ReadAsStringAsync(ct).ConfigureAwait(false);
        var path = response.Headers.TryGetValues(PathHeader, out var values) ? values.FirstOrDefault() : null;
        if (response.StatusCode != HttpStatusCode.OK)
            return new SignResponse(response.StatusCode, null, path, Message(text));
        using var document = JsonDocument.Parse(text);
        return new SignResponse(response.StatusCode, document.RootElement.GetProperty("signature").GetString(), path, "");
    }

    public async Task<SigningPathCounts> PathCountsAsync(CancellationToken ct) =>
        SigningPathCounts.Parse(await http.GetStringAsync("/metrics", ct).ConfigureAwait(false));

    private static string Message(string text)
    {
        try
        {
            using var document = JsonDocument.Parse(text);
            return document.RootElement.TryGetProperty("message", out var m) ? m.GetString() ?? text : text;
        }
        catch (JsonException)
        {
            return text;
        }
    }

    public void Dispose() => http.Dispose();
}
