using System.CommandLine;
using Dvt.Coordinator.Cli;

namespace Dvt.Coordinator.Devnet;

/// <summary>The options `dvt devnet` and `dvt devnet up` share: how many coordinators, where their files go, which anvil.</summary>
internal sealed class DevnetClusterOptions
{
    private readonly string runFolderPrefix;

    private readonly Option<int> operators = new("--operators")
    {
        Description = "coordinators to run (4 to 13; 7 or more adds a 5-of-7 validator)",
        DefaultValueFactory = _ => 4,
    };

    private readonly Option<DirectoryInfo?> workDir;

    private readonly Option<string?> anvil = new("--anvil") { Description = "the anvil binary [default: .tools/bin/anvil of the repository, then PATH]", HelpName = "PATH" };

    /// <param name="runFolderPrefix">The default work folder is .devnet/PREFIX-&lt;time&gt; under the current folder.</param>
    public DevnetClusterOptions(string runFolderPrefix)
    {
        this.runFolderPrefix = runFolderPrefix;
        workDir = new Option<DirectoryInfo?>("--work-dir")
        {
            Description = $"where the operators' data directories, configs and logs go [default: .devnet/{runFolderPrefix}-<time> under the current folder]",
            HelpName = "DIR",
        };
    }

    public void AddTo(Command command)
    {
        command.Options.Add(operators);
        command.Options.Add(workDir);
        command.Options.Add(anvil);
    }

    /// <summary>The number of coordinators, 4 to 13 (a 3-of-4 validator needs 4 operators).</summary>
    public int Operators(ParseResult parse)
    {
        var count = parse.GetValue(operators);
        if (count < 4 || count > 13)
            throw new UsageException($"--operators: needs 4 to 13 (a 3-of-4 validator needs 4 operators), got {count}");
        return count;
    }

    public string WorkDir(ParseResult parse) => parse.GetValue(workDir)?.FullName
        ?? Path.Combine(Environment.CurrentDirectory, ".devnet", $"{runFolderPrefix}-{DateTime.UtcNow:yyyyMMdd-HHmmss}");

    public string AnvilPath(ParseResult parse) => ToolLocator.Anvil(parse.GetValue(anvil));
}
