using Dvt.Qbft.Engine;
using Dvt.Qbft.Messages;

namespace Dvt.Qbft.Tests.Simulation;

/// <summary>The simulation's validity predicate: a value is valid when it starts with "valid:" and names the instance's slot.</summary>
public sealed class PrefixValueValidator : IValueValidator
{
    public static byte[] ValueFor(InstanceId instance, string proposer) =>
        System.Text.Encoding.UTF8.GetBytes($"valid:{instance.Slot}:{proposer}");

    public ValueJudgement Judge(InstanceId instance, ReadOnlySpan<byte> value)
    {
        var text = System.Text.Encoding.UTF8.GetString(value);
        return text.StartsWith($"valid:{instance.Slot}:", StringComparison.Ordinal)
            ? ValueJudgement.Valid
            : new ValueJudgement.Refused($"'{text}' is not a valid value for slot {instance.Slot}");
    }
}
