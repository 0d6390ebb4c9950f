using Dvt.Consensus.Signing;
using Dvt.Consensus.Ssz;
using Dvt.TestSupport;

namespace Dvt.Consensus.Tests.Deposits;

/// <summary>deposit_data files written by staking-deposit-cli: our roots equal the ones the CLI wrote.</summary>
public sealed class DepositVectorTests
{
    private const string Folder = "deposit";

    public static IEnumerable<object[]> Files() => TestVectors.Cases(Folder);

    [SkippableTheory]
    [MemberData(nameof(Files))]
    public void Every_entry_reproduces_message_and_data_roots(string file)
    {
        var entries = DepositDataFileEntry.ReadFile(TestVectors.Resolve(Folder, file));
        Assert.NotEmpty(entries);
        foreach (var entry in entries)
        {
            Assert.Equal(entry.DepositMessageRoot, entry.Data.Message.HashTreeRoot());
            Assert.Equal(entry.DepositDataRoot, entry.Data.HashTreeRoot());
            Assert.Equal(32_000_000_000UL, entry.Data.Amount.Value);
        }
    }

    [SkippableTheory]
    [MemberData(nameof(Files))]
    public void Fork_version_matches_the_network_and_gives_a_distinct_signing_root(string file)
    {
        var entries = DepositDataFileEntry.ReadFile(TestVectors.Resolve(Folder, file));
        foreach (var entry in entries)
        {
            var expectedVersion = entry.NetworkName switch
            {
                "mainnet" => "0x00000000",
                "holesky" => "0x01017000",
                _ => throw new InvalidDataException($"unexpected network {entry.NetworkName}"),
            };
            Assert.Equal(expectedVersion, entry.ForkVersion.ToString());
            var signingRoot = SigningRoots.Deposit(entry.Data.Message, entry.ForkVersion);
            Assert.Equal(SigningRoots.Compute(entry.DepositMessageRoot, SigningRoots.DepositDomain(entry.ForkVersion)), signingRoot);
            Assert.NotEqual(entry.DepositMessageRoot, signingRoot);
        }
    }
}
