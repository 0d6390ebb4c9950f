using System.CommandLine;
using System.Globalization;
using Dvt.Coordinator.Cli.Views;
using Spectre.Console;

namespace Dvt.Coordinator.Cli.Operators;

/// <summary>
/// `dvt operator set-endpoint URL` (peers reach this operator's signer there from now on, no exit),
/// `dvt operator allow-list [ID...]` (the operators this operator's validators' holders are drawn from; none given:
/// any active operator again) and `dvt operator rotate-key` (a new share-encryption key, no exit).
/// </summary>
public static class OperatorMaintenanceCommands
{
    public static Command SetEndpoint()
    {
        var options = new RegisteredOperatorOptions();
        var url = new Argument<string>("URL") { Description = "the new peer endpoint (http or https URL, at most 256 bytes)" };
        var command = new Command("set-endpoint", "change this operator's registered endpoint URL without exiting");
        command.Arguments.Add(url);
        options.AddTo(command);
        command.SetAction(async (parse, ct) =>
        {
            var text = parse.GetValue(url)!;
            if (!Uri.TryCreate(text, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
                throw new UsageException($"URL: '{text}' is not an absolute http(s) URL");
            if (System.Text.Encoding.UTF8.GetByteCount(text) > 256)
                throw new UsageException($"URL: {System.Text.Encoding.UTF8.GetByteCount(text)} bytes, at most 256");
            using var self = await options.OpenAsync(parse, ct).ConfigureAwait(false);
            var (id, registry) = (self.Id, self.Registry);
            await registry.UpdateOperatorEndpointAsync(text, ct).ConfigureAwait(false);
            AnsiConsole.MarkupLine(Markup.Escape($"operator {id}: endpoint {text}"));
            return ExitCodes.Success;
        });
        return command;
    }

    public static Command AllowList()
    {
        var options = new RegisteredOperatorOptions();
        var ids = new Argument<string[]>("ID") { Description = "operator ids holders may be drawn from (none: any active operator)", Arity = ArgumentArity.ZeroOrMore };
        var command = new Command("allow-list", "restrict the draw of this operator's validators' holders to the operators named (reshares too)");
        command.Arguments.Add(ids);
        options.AddTo(command);
        command.SetAction(async (parse, ct) =>
        {
            var given = parse.GetValue(ids) ?? [];
            var parsed = new List<ulong>();
            for (var i = 0; i < given.Length; i++)
            {
                if (!ulong.TryParse(given[i], NumberStyles.None, CultureInfo.InvariantCulture, out var id) || id == 0)
                    throw new UsageException($"ID {i + 1}: '{given[i]}' is not an operator id (a positive whole number)");
                if (parsed.Contains(id))
                    throw new UsageException($"ID {i + 1}: operator {id} is named twice");
                parsed.Add(id);
            }
            if (parsed.Count > 64)
                throw new UsageException($"ID: {parsed.Count} operators named, at most 64");
            using var self = await options.OpenAsync(parse, ct).ConfigureAwait(false);
            var (me, registry) = (self.Id, self.Registry);
            await registry.SetDrawAllowListAsync([.. parsed], ct).ConfigureAwait(false);
            AnsiConsole.MarkupLine(Markup.Escape(parsed.Count == 0
                ? $"operator {me}: holders are drawn from every active operator"
                : $"operator {me}: holders are drawn from operators {string.Join(", ", parsed)}"));
            return ExitCodes.Success;
        });
        return command;
    }

    public static Command RotateKey()
    {
        var options = new RegisteredOperatorOptions(withKdf: true); // --kdf: for the new keystores it writes
        var command = new Command("rotate-key",
            "generate a new share-encryption key in the data directory and register it (registry rotateShareEncryptionKey); the previous key is kept there");
        options.AddTo(command);
        command.SetAction(async (parse, ct) =>
        {
            using var self = await options.OpenAsync(parse, ct).ConfigureAwait(false);
            var (id, keys, registry) = (self.Id, self.Keys, self.Registry);
            // Deals of an open round are encrypted to the key registered when they were made, and a round reads its
            // members' keys from the registry as it goes: a key rotated in the middle would make this operator's own
            // shares unreadable and its complaints wrong. Rotate between rounds.
            var snapshot = await new RegistryReader(registry).ReadAsync(operators: false, validators: true, ct).ConfigureAwait(false);
            var open = snapshot.Validators.FirstOrDefault(v => v.Holders.Contains(id) && v.Round is { Status: "dealing" or "acking" });
            if (open is not null)
                throw new CommandFailedException(
                    $"operator {id} is a member of validator {open.Id}'s open key round {open.Round!.Number} ({open.Round.Status}); rotate the key once it has completed or failed");
            var previous = keys.ShareEncryptionPublicKey;
            var next = keys.PrepareShareEncryptionKeyRotation();
            await registry.RotateShareEncryptionKeyAsync(next.ToBytes(), ct).ConfigureAwait(false);
            keys.CompleteShareEncryptionKeyRotation(next);
            AnsiConsole.MarkupLine(Markup.Escape(
                $"operator {id}: share-encryption key {Convert.ToHexStringLower(next.Span)} registered; the previous key {Convert.ToHexStringLower(previous.Span)} is kept in {keys.OtherShareEncryptionKeystore(previous)}"));
            return ExitCodes.Success;
        });
        return command;
    }
}
