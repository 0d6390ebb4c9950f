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
}
