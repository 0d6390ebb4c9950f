using Dvt.Consensus.Containers;
using Dvt.Consensus.Primitives;
using Dvt.Consensus.Signing;
using Dvt.Consensus.Ssz;
using Dvt.Crypto.Bls;
using Dvt.TestSupport;

namespace Dvt.Consensus.Tests.Deposits;

/// <summary>
/// The deposit signing root computed here is what staking-deposit-cli signed: every signature verifies
/// (with blst, through Dvt.Crypto) under its own fork version, and fails once anything it covers changes.
/// </summary>
public sealed class DepositSignatureTests
{
    private const string Folder = "deposit";

    public static IEnumerable<object[]> Files() => TestVectors.Cases(Folder);

    [SkippableTheory]
    [MemberData(nameof(Files))]
    public void Every_signature_verifies_with_its_fork_version(string file)
    {
        foreach (var entry in DepositDataFileEntry.ReadFile(TestVectors.Resolve(Folder, file)))
        {
            var (publicKey, signature) = Decode(entry.Data);
            var root = SigningRoots.Deposit(entry.Data.Message, entry.ForkVersion);
            Assert.True(publicKey.Verify(root.AsSpan(), signature), $"{file}: signature of {entry.Data.Pubkey} does not verify");
        }
    }

    [SkippableTheory]
    [MemberData(nameof(Files))]
    public void Altered_deposits_do_not_verify(string file)
    {
        foreach (var entry in DepositDataFileEntry.ReadFile(TestVectors.Resolve(Folder, file)))
        {
            var (publicKey, signature) = Decode(entry.Data);
            var message = entry.Data.Message;
            var otherVersion = entry.ForkVersion == ForkVersion.Zero ? ForkVersion.Parse("0x01017000") : ForkVersion.Zero;

            Assert.False(publicKey.Verify(SigningRoots.Deposit(message, otherVersion).AsSpan(), signature), "verified under the other network's fork version");
            Assert.False(publicKey.Verify(SigningRoots.Deposit(message with { Amount = new Gwei(message.Amount.Value - 1) }, entry.ForkVersion).AsSpan(), signature),
                "verified with another amount");
            var otherCredentials = entry.Data.WithdrawalCredentials.ToArray();
            otherCredentials[^1] ^= 1;
            Assert.False(publicKey.Verify(SigningRoots.Deposit(message with { WithdrawalCredentials = new Bytes32(otherCredentials) }, entry.ForkVersion).AsSpan(), signature),
                "verified with other withdrawal credentials");
            Assert.False(publicKey.Verify(message.HashTreeRoot().AsSpan(), signature), "verified over the bare message root");
        }
    }

    private static (BlsPublicKey, BlsSignature) Decode(DepositData data) =>
        (BlsPublicKey.Decode(data.Pubkey.AsSpan()), BlsSignature.Decode(data.Signature.AsSpan()));
}
