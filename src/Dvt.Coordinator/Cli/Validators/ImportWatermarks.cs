using Dvt.SlashingProtection.Interchange;

namespace Dvt.Coordinator.Cli.Validators;

/// <summary>
/// The low watermarks importValidator publishes for an imported key (event ValidatorImported): the highest block slot,
/// attestation source epoch and target epoch its EIP-3076 history records, 0 where it records none.
/// </summary>
public sealed record ImportWatermarks(ulong HighestSignedBlockSlot, ulong HighestSourceEpoch, ulong HighestTargetEpoch)
{
    public static ImportWatermarks None { get; } = new(0, 0, 0);

    /// <summary>Reads the interchange file and takes the maxima over every entry of <paramref name="publicKey"/>.</summary>
    public static ImportWatermarks Read(string file, byte[] publicKey)
    {
        InterchangeDocument document;
        try
        {
            document = InterchangeJson.Parse(File.ReadAllBytes(file));
        }
        catch (Exception e) when (e is InterchangeFormatException or IOException)
        {
            throw new UsageException($"--slashing-protection: {file} is not an EIP-3076 interchange: {e.Message}");
        }
        return Of(document, publicKey);
    }

    public static ImportWatermarks Of(InterchangeDocument document, byte[] publicKey)
    {
        ulong slot = 0, source = 0, target = 0;
        foreach (var entry in document.Data.Where(d => d.PublicKey.AsSpan().SequenceEqual(publicKey)))
        {
            foreach (var block in entry.SignedBlocks)
                slot = Math.Max(slot, block.Slot.Value);
            foreach (var attestation in entry.SignedAttestations)
            {
                source = Math.Max(source, attestation.Source.Value);
                target = Math.Max(target, attestation.Target.Value);
            }
        }
        return new ImportWatermarks(slot, source, target);
    }
}
