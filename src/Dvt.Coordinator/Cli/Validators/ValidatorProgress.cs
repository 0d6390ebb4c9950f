using System.Text.Json;
using Dvt.ContractBindings.Contracts;
using Spectre.Console;

namespace Dvt.Coordinator.Cli.Validators;

/// <summary>Waits, with a live status line, until a validator reaches a state (the coordinators do the work; we watch the chain).</summary>
public static class ValidatorProgress
{
    public static async Task WaitForStatusAsync(DvtRegistryContract registry, ulong validatorId, byte wanted, TimeSpan timeout, CancellationToken ct)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(ct);
        deadline.CancelAfter(timeout);
        var last = "";
        try
        {
            await AnsiConsole.Status().StartAsync($"validator {validatorId}: waiting for {RegistryNames.ValidatorStatus(wanted)}", async status =>
            {
                while (true)
                {
                    var v = await registry.GetValidatorAsync(validatorId, ct: deadline.Token).ConfigureAwait(false);
                    var text = $"validator {validatorId}: {RegistryNames.ValidatorKind(v.Kind)}, {RegistryNames.ValidatorStatus(v.Status)}";
                    if (v.CurrentRound > 0)
                    {
                        var r = await registry.GetRoundAsync(validatorId, v.CurrentRound, ct: deadline.Token).ConfigureAwait(false);
                        text += $", round {v.CurrentRound} {RegistryNames.RoundKind(r.Kind)} {RegistryNames.RoundStatus(r.Status)} (dealt {r.DealtCount}/{r.DealersRequired}, acked {r.AckCount})";
                    }
                    if (text != last)
                    {
                        status.Status(Markup.Escape(text));
                        last = text;
                    }
                    if (v.Status >= wanted)
                        return;
                    await Task.Delay(TimeSpan.FromMilliseconds(500), deadline.Token).ConfigureAwait(false);
                }
            }).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            throw new CommandFailedException($"validator {validatorId} did not reach {RegistryNames.ValidatorStatus(wanted)} within {timeout.TotalSeconds:0} s (last seen: {last}); are the operators' coordinators running?");
        }
        AnsiConsole.MarkupLine(Markup.Escape(last));
    }

    /// <summary>
    /// Waits until the coordinator at <paramref name="coordinator"/> lists the validator's key in GET
    /// /api/v1/eth2/publicKeys: the moment a validator client pointed at it can sign with the key.
    /// </summary>
    public static async Task WaitUntilServedAsync(Uri coordinator, ulong validatorId, byte[] publicKey, TimeSpan timeout, CancellationToken ct)
    {
        var wanted = "0x" + Convert.ToHexStringLower(publicKey);
        var url = new Uri(coordinator, "/api/v1/eth2/publicKeys");
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(ct);
        deadline.CancelAfter(timeout > TimeSpan.Zero ? timeout : TimeSpan.FromSeconds(1));
        var last = "not asked yet";
        try
        {
            while (true)
            {
                try
                {
                    var keys = JsonSerializer.Deserialize<string[]>(await http.GetStringAsync(url, deadline.Token).ConfigureAwait(false)) ?? [];
                    if (keys.Any(k => string.Equals(k, wanted, StringComparison.OrdinalIgnoreCase)))
                        break;
                    last = $"serves {keys.Length} other key{(keys.Length == 1 ? "" : "s")}";
                }
                catch (Exception e) when (e is HttpRequestException or JsonException || (e is TaskCanceledException && !deadline.IsCancellationRequested))
                {
                    last = e.Message;
                }
                await Task.Delay(TimeSpan.FromMilliseconds(250), deadline.Token).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            throw new CommandFailedException($"validator {validatorId} is deposited, but {url} did not serve its key {wanted} in time (last: {last}); is this operator's coordinator running there?");
        }
        AnsiConsole.MarkupLine(Markup.Escape($"validator {validatorId}: key {wanted} served by {coordinator}"));
    }
}
