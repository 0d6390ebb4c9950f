using Dvt.Consensus.Primitives;
using Dvt.Crypto.Threshold;
using Dvt.Signer.Directory;
using Dvt.Signer.Signing;

namespace Dvt.Signer.Tests;

/// <summary>The quorum rule on its own, case by case (owner: operator 1).</summary>
public sealed class RecoveryQuorumTests
{
    private static readonly OperatorId Owner = new(1);

    public static TheoryData<string, int, int, ulong[], int, bool> Cases => new()
    {
        { "3-of-4: owner and one holder", 3, 4, [1, 2], 0, true },
        { "3-of-4: owner alone", 3, 4, [1], 0, false },
        { "3-of-4: two holders without the owner", 3, 4, [2, 3], 0, false },
        { "3-of-4: owner and one holder, a third refused", 3, 4, [1, 2], 1, false },
        { "5-of-7: owner and two holders", 5, 7, [1, 2, 3], 0, true },
        { "5-of-7: owner and one holder", 5, 7, [1, 2], 0, false },
        { "5-of-7: four holders, one refused", 5, 7, [1, 2, 3, 4], 1, false },
        { "7-of-10: owner and three holders", 7, 10, [1, 4, 5, 6], 0, true },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Recovery_needs_n_minus_t_plus_1_recorders_including_the_owner_and_no_refusal(
        string name, int threshold, int shareCount, ulong[] recorded, int refusals, bool allowed)
    {
        var refusal = RecoveryQuorum.Refusal(new ThresholdScheme(threshold, shareCount), Owner, recorded.Select(r => new OperatorId(r)).ToList(), refusals);
        Assert.True(allowed == refusal is null, $"{name}: {refusal ?? "allowed"}");
    }

    [Theory]
    [InlineData(3, 4, 2)]
    [InlineData(5, 7, 3)]
    [InlineData(9, 13, 5)]
    public void The_quorum_is_f_plus_1(int threshold, int shareCount, int quorum)
        => Assert.Equal(quorum, RecoveryQuorum.Required(new ThresholdScheme(threshold, shareCount)));
}
