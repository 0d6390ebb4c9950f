using Dvt.Coordinator.Cli;
using Dvt.Coordinator.Cli.Validators;

namespace Dvt.Coordinator.Tests.Cli;

/// <summary>The watermarks importValidator publishes: maxima over every entry of the imported key, 0 where none.</summary>
public sealed class ImportWatermarksTests : IDisposable
{
    private const string Key = "0xa99a76ed7796f7be22d5b7e85deeb7c5677e88e511e0b337618f8c4eb61349b4bf2d153f649f7b53359fe8b94a38e44c";
    private const string Other = "0xb99a76ed7796f7be22d5b7e85deeb7c5677e88e511e0b337618f8c4eb61349b4bf2d153f649f7b53359fe8b94a38e44c";
    private readonly string folder = Directory.CreateTempSubdirectory("dvt-watermarks-").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    private string Write(string json)
    {
        var file = Path.Combine(folder, Guid.NewGuid().ToString("n") + ".json");
        File.WriteAllText(file, json);
        return file;
    }

    private static byte[] Bytes(string hex) => Convert.FromHexString(hex[2..]);

    [Fact]
    public void Takes_the_maxima_of_the_imported_key_over_every_entry_and_ignores_other_keys()
    {
        var file = Write($$"""
            {"metadata":{"interchange_format_version":"5","genesis_validators_root":"0x04700007fabc8282644aed6d1c7c9e21d38a03a0c4ba193f3afe428824b3a673"},
             "data":[{"pubkey":"{{Key}}","signed_blocks":[{"slot":"81952"},{"slot":"81900"}],
                      "signed_attestations":[{"source_epoch":"2290","target_epoch":"3007"}]},
                     {"pubkey":"{{Key}}","signed_blocks":[],"signed_attestations":[{"source_epoch":"2295","target_epoch":"3001"}]},
                     {"pubkey":"{{Other}}","signed_blocks":[{"slot":"99999999"}],"signed_attestations":[{"source_epoch":"9999","target_epoch":"9999"}]}]}
            """);
        Assert.Equal(new ImportWatermarks(81952, 2295, 3007), ImportWatermarks.Read(file, Bytes(Key)));
    }

    [Fact]
    public void A_history_without_the_key_publishes_zeros()
    {
        var file = Write($$"""
            {"metadata":{"interchange_format_version":"5","genesis_validators_root":"0x04700007fabc8282644aed6d1c7c9e21d38a03a0c4ba193f3afe428824b3a673"},
             "data":[{"pubkey":"{{Other}}","signed_blocks":[{"slot":"5"}],"signed_attestations":[]}]}
            """);
        Assert.Equal(ImportWatermarks.None, ImportWatermarks.Read(file, Bytes(Key)));
    }

    [Fact]
    public void A_file_that_is_not_an_interchange_is_a_one_line_usage_error_naming_the_option()
    {
        var file = Write("""{"metadata":{}}""");
        var error = Assert.Throws<UsageException>(() => ImportWatermarks.Read(file, Bytes(Key)));
        Assert.StartsWith("--slashing-protection: ", error.Message);
        Assert.DoesNotContain('\n', error.Message);
    }
}
