using Spectre.Console;

namespace Dvt.Coordinator.Cli.Views;

/// <summary>The tables people read; the column meanings are documented in README.md ("Reading `dvt view`").</summary>
public static class ViewTables
{
    public static Table Operators(RegistryContents snapshot)
    {
        var table = new Table().Border(TableBorder.Rounded)
            .Title($"operators on chain {snapshot.ChainId}, registry {snapshot.Registry}, block {snapshot.Block}")
            .AddColumns("ID", "STATUS", "OWNER", "ENDPOINT", "OWNS", "SHARES OF OTHERS", "HOLDS", "EXIT BACKLOG");
        foreach (var o in snapshot.Operators)
        {
            table.AddRow(
                o.Id.ToString(System.Globalization.CultureInfo.InvariantCulture),
                StatusMarkup(o.Status),
                Markup.Escape(o.Owner),
                Markup.Escape(o.Endpoint),
                o.OwnedValidators.ToString(System.Globalization.CultureInfo.InvariantCulture),
                o.SharesOfOthers.ToString(System.Globalization.CultureInfo.InvariantCulture),
                o.HeldValidators,
                o.Status == "exiting" ? o.ExitBacklog : "-");
        }
        return table;
    }

    public static Table Validators(RegistryContents snapshot)
    {
        var table = new Table().Border(TableBorder.Rounded)
            .Title($"validators on chain {snapshot.ChainId}, registry {snapshot.Registry}, block {snapshot.Block}")
            .AddColumns("ID", "OWNER", "MODE", "KIND", "STATE", "HOLDERS", "ROUND", "PUBLIC KEY");
        foreach (var v in snapshot.Validators)
        {
            table.AddRow(
                v.Id.ToString(System.Globalization.CultureInfo.InvariantCulture),
                v.Owner.ToString(System.Globalization.CultureInfo.InvariantCulture),
                v.Mode,
                v.Kind,
                StatusMarkup(v.Status),
                Holders(v.Holders),
                Markup.Escape(v.Round?.Summary ?? "-"),
                ShortKey(v.PublicKey));
        }
        return table;
    }

    public static Table Validator(ValidatorView v, IReadOnlyList<OperatorView> operators)
    {
        var table = new Table().Border(TableBorder.Rounded).Title($"validator {v.Id}").AddColumns("FIELD", "VALUE");
        table.AddRow("owner", $"operator {v.Owner}");
        table.AddRow("mode", v.Mode);
        table.AddRow("kind", v.Kind);
        table.AddRow("state", StatusMarkup(v.Status));
        table.AddRow("pending exit", v.PendingExit ? "yes" : "no");
        table.AddRow("public key", v.PublicKey ?? "(not known yet)");
        table.AddRow("key generation", v.KeyGeneration);
        table.AddRow("round", Markup.Escape(v.Round?.Summary ?? "-"));
        table.AddRow("withdrawal credentials", v.WithdrawalCredentials);
        table.AddRow("32 ETH held by the registry", v.FundsHeld ? "yes" : "no");
        for (var i = 0; i < v.Holders.Count; i++)
        {
            var id = v.Holders[i];
            var op = operators.FirstOrDefault(o => o.Id == id);
            var label = v.Kind == "dvt" ? $"share {i + 1}" : "key holder";
            table.AddRow(label, Markup.Escape($"operator {id}" + (op is null ? "" : $" ({op.Status}, {op.Endpoint})")));
        }
        return table;
    }

    public static string Holders(IReadOnlyList<ulong> holders) =>
        holders.Count == 0 ? "-" : string.Join(",", holders);

    /// <summary>0xa99a76ed…e44c: enough to recognise a key in a table; --json and `view validator` print it whole.</summary>
    public static string ShortKey(string? key) =>
        key is null ? "-" : key.Length <= 16 ? key : $"{key[..10]}…{key[^4..]}";

    private static string StatusMarkup(string status) => status switch
    {
        "active" or "deposited" => $"[green]{status}[/]",
        "exiting" or "exit-requested" => $"[yellow]{status}[/]",
        "exited" => $"[grey]{status}[/]",
        _ => Markup.Escape(status),
    };
}
