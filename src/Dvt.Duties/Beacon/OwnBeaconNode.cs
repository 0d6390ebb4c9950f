using System.Globalization;
using System.Text.Json;
using Dvt.Consensus.Containers;
using Dvt.Consensus.Json;
using Dvt.Consensus.Primitives;
using Dvt.Duties.Consensus;
using Dvt.Duties.Values;
using Dvt.Qbft.Messages;
using Dvt.Signer;

namespace Dvt.Duties.Beacon;

/// <summary>
/// This operator's own beacon node (the config's beaconNodeUrl), asked for the data of duties: its inputs to duty
/// consensus, and the chain time (genesis, slot length) that tells the current slot.
/// </summary>
public sealed class OwnBeaconNode(Uri baseUrl, HttpClient http) : IDutyInputSource
{
    private (ulong GenesisTime, ulong SecondsPerSlot)? _clock;

    public Uri BaseUrl => baseUrl;

    public async Task<byte[]?> FetchAsync(InstanceId instance, CancellationToken cancellationToken) => instance.Duty switch
    {
        DutyType.Attester => AttestationValue.Encode(await AttestationDataAsync(instance.Slot, new CommitteeIndex(0), cancellationToken).ConfigureAwait(false)),
        DutyType.SyncCommitteeMessage => (await HeadRootAsync(cancellationToken).ConfigureAwait(false)).ToArray(),
        _ => null, // a block needs the validator client's RANDAO reveal: only its request starts a proposer instance
    };

    public async Task<AttestationData> AttestationDataAsync(Slot slot, CommitteeIndex index, CancellationToken ct)
    {
        using var document = await GetAsync($"/eth/v1/validator/attestation_data?slot={slot.Value}&committee_index={index.Value}", ct).ConfigureAwait(false);
        return document.RootElement.GetProperty("data").Deserialize<AttestationData>(ConsensusJson.Options)
            ?? throw new FormatException("beacon node: attestation_data has no data");
    }

    public async Task<Root> HeadRootAsync(CancellationToken ct)
    {
        using var document = await GetAsync("/eth/v1/beacon/blocks/head/root", ct).ConfigureAwait(false);
        return Root.Parse(document.RootElement.GetProperty("data").GetProperty("root").GetString() ?? "");
    }

    /// <summary>The validator's public key at <paramref name="index"/>, as the head state has it.</summary>
    public async Task<byte[]> PublicKeyAtAsync(ValidatorIndex index, CancellationToken ct)
    {
        using var document = await GetAsync($"/eth/v1/beacon/states/head/validators/{index.Value}", ct).ConfigureAwait(false);
        var hex = document.RootElement.GetProperty("data").GetProperty("validator").GetProperty("pubkey").GetString() ?? "";
        return Convert.FromHexString(hex.StartsWith("0x", StringComparison.Ordinal) ? hex[2..] : hex);
    }

    /// <summary>The current slot by the beacon node's genesis time and SECONDS_PER_SLOT (read once).</summary>
    public async Task<Slot> CurrentSlotAsync(CancellationToken ct)
    {
        var clock = await ClockAsync(ct).ConfigureAwait(false);
        var now = (ulong)DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        return new Slot(now <= clock.GenesisTime ? 0 : (now - clock.GenesisTime) / clock.SecondsPerSlot);
    }

    /// <summary>The next slot whose point <paramref name="numerator"/>/<paramref name="denominator"/> into it is still ahead, and how long until then.</summary>
    public async Task<(Slot Slot, TimeSpan Until)> NextDueAsync(int numerator, int denominator, CancellationToken ct)
    {
        var clock = await ClockAsync(ct).ConfigureAwait(false);
        var nowMs = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        var genesisMs = (long)clock.GenesisTime * 1000;
        var slotMs = (long)clock.SecondsPerSlot * 1000;
        var offsetMs = slotMs * numerator / denominator;
        var slot = nowMs < genesisMs ? 0 : (nowMs - genesisMs) / slotMs;
        if (genesisMs + slot * slotMs + offsetMs < nowMs)
            slot++;
        return (new Slot((ulong)slot), TimeSpan.FromMilliseconds(Math.Max(0, genesisMs + slot * slotMs + offsetMs - nowMs)));
    }

    private async Task<(ulong GenesisTime, ulong SecondsPerSlot)> ClockAsync(CancellationToken ct)
    {
        if (_clock is not { } clock)
        {
            using var genesis = await GetAsync("/eth/v1/beacon/genesis", ct).ConfigureAwait(false);
            using var spec = await GetAsync("/eth/v1/config/spec", ct).ConfigureAwait(false);
            var time = ulong.Parse(genesis.RootElement.GetProperty("data").GetProperty("genesis_time").GetString() ?? "", CultureInfo.InvariantCulture);
            var seconds = ulong.Parse(spec.RootElement.GetProperty("data").GetProperty("SECONDS_PER_SLOT").GetString() ?? "", CultureInfo.InvariantCulture);
            if (seconds == 0)
                throw new FormatException("beacon node: SECONDS_PER_SLOT is 0");
            _clock = clock = (time, seconds);
        }
        return clock;
    }

    /// <summary>The beacon node's raw answer to a GET (status and body), for calls the middleware decides on.</summary>
    public async Task<(int Status, byte[] Body, string? ContentType)> RawGetAsync(string pathAndQuery, CancellationToken ct)
    {
        using var response = await http.GetAsync(new Uri(baseUrl, pathAndQuery), ct).ConfigureAwait(false);
        var body = await response.Content.ReadAsByteArrayAsync(ct).ConfigureAwait(false);
        return ((int)response.StatusCode, body, response.Content.Headers.ContentType?.ToString());
    }

    private async Task<JsonDocument> GetAsync(string pathAndQuery, CancellationToken ct)
    {
        using var response = await http.GetAsync(new Uri(baseUrl, pathAndQuery), ct).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
            throw new HttpRequestException($"beacon node {baseUrl} GET {pathAndQuery}: HTTP {(int)response.StatusCode}");
        return JsonDocument.Parse(await response.Content.ReadAsByteArrayAsync(ct).ConfigureAwait(false));
    }
}
