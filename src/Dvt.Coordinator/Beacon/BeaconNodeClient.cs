using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Dvt.Coordinator.Beacon;

/// <summary>The two beacon-node API calls a coordinator needs for exits (standard Beacon API).</summary>
public sealed class BeaconNodeClient(Uri baseUrl, HttpClient http)
{
    /// <summary>
    /// GET /eth/v1/beacon/states/head/validators/{pubkey}: the validator's index and status, or null when the beacon
    /// chain does not know the key yet.
    /// </summary>
    public async Task<BeaconValidator?> ValidatorAsync(ReadOnlyMemory<byte> publicKey, CancellationToken ct)
    {
        var url = new Uri(baseUrl, $"/eth/v1/beacon/states/head/validators/0x{Convert.ToHexStringLower(publicKey.Span)}");
        using var response = await http.GetAsync(url, ct).ConfigureAwait(false);
        if (response.StatusCode == HttpStatusCode.NotFound)
            return null;
        if (!response.IsSuccessStatusCode)
            throw new HttpRequestException($"beacon node {url}: HTTP {(int)response.StatusCode}");
        using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync(ct).ConfigureAwait(false));
        var data = document.RootElement.GetProperty("data");
        var index = data.GetProperty("index").GetString();
        var status = data.TryGetProperty("status", out var s) ? s.GetString() : null;
        if (index is null || !ulong.TryParse(index, NumberStyles.None, CultureInfo.InvariantCulture, out var value))
            throw new FormatException($"beacon node {url}: data.index is not a decimal string");
        return new BeaconValidator(value, status ?? throw new FormatException($"beacon node {url}: data.status is missing"));
    }

    /// <summary>POST /eth/v1/beacon/pool/voluntary_exits.</summary>
    public async Task SubmitVoluntaryExitAsync(ulong epoch, ulong validatorIndex, ReadOnlyMemory<byte> signature, CancellationToken ct)
    {
        var body = new JsonObject
        {
            ["message"] = new JsonObject
            {
                ["epoch"] = epoch.ToString(CultureInfo.InvariantCulture),
                ["validator_index"] = validatorIndex.ToString(CultureInfo.InvariantCulture),
            },
            ["signature"] = "0x" + Convert.ToHexStringLower(signature.Span),
        };
        var url = new Uri(baseUrl, "/eth/v1/beacon/pool/voluntary_exits");
        using var response = await http.PostAsJsonAsync(url, body, ct).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
            throw new HttpRequestException($"beacon node refused the voluntary exit of validator index {validatorIndex}: HTTP {(int)response.StatusCode} {await response.Content.ReadAsStringAsync(ct).ConfigureAwait(false)}");
    }
}
