using Dvt.ContractBindings.Abi;
using Dvt.ContractBindings.Contracts;
using Dvt.ContractBindings.Rpc;

namespace Dvt.ContractBindings.Bench;

/// <summary>
/// ABI encoding (Nethereum, through the generated Function DTO) and decoding of the registry's largest payloads beside
/// copying and hashing the same bytes.
/// </summary>
internal static class AbiThroughput
{
    public static void Run(TimeSpan each)
    {
        var submitDeal = DvtRegistryContract.Abi.Function("submitDeal");
        var commitments = new byte[48 * 3];
        var shares = new byte[33 + 60 * 4];
        Random.Shared.NextBytes(commitments);
        Random.Shared.NextBytes(shares);
        object?[] arguments = [7UL, 1U, commitments, shares];
        DvtRegistryContract.Dto.SubmitDealFunction Message() => new() { ValidatorId = 7, Round = 1, Commitments = commitments, EncryptedShares = shares };
        var calldata = Nethereum.Contracts.FunctionMessageExtensions.GetCallData(Message());
        if (!calldata.AsSpan().SequenceEqual(submitDeal.EncodeCall(arguments)))
            throw new InvalidOperationException("Nethereum's submitDeal calldata differs from the reference encoder's");
        var target = new byte[calldata.Length];
        var hash = new byte[32];

        var encode = Figure.Rate(() => Nethereum.Contracts.FunctionMessageExtensions.GetCallData(Message()), each);
        var copy = Figure.Rate(() => calldata.AsSpan().CopyTo(target), each);
        var keccak = Figure.Rate(() => Keccak256.Hash(calldata, hash), each);
        Console.WriteLine($"ABI: submitDeal calldata = {calldata.Length} bytes");
        Figure.Print("encode submitDeal(uint64,uint32,bytes,bytes) (Nethereum)", encode, "memcpy", copy, "calls");
        Figure.Print("encode submitDeal (same)", encode, "keccak", keccak, "calls");

        var decodeInput = Figure.Rate(() => submitDeal.DecodeInput(calldata), each);
        Figure.Print("decode submitDeal calldata", decodeInput, "keccak", keccak, "calls");

        var dealEvent = DvtRegistryContract.DealSubmittedEvent.Definition;
        var data = AbiEncoder.Encode([AbiBytesType.Instance, AbiBytesType.Instance], [commitments, shares]);
        var topics = new[] { dealEvent.Topic0, Word(7), Word(1), Word(3) };
        var log = new LogEntry(Address.Zero, topics, data, new BlockNumber(1), Hash32.Zero, Hash32.Zero, 0, 0, false);
        var typed = Figure.Rate(() => DvtRegistryContract.DecodeEvent(log), each);
        var keccakData = Figure.Rate(() => Keccak256.Hash(data, hash), each);
        Figure.Print("decode DealSubmitted log to typed record", typed, "keccak of data", keccakData, "logs");
        var dto = Figure.Rate(() => DvtRegistryContract.DealSubmittedEvent.DecodeWithDto(log), each);
        Figure.Print("same through Nethereum's event DTO", dto, "keccak of data", keccakData, "logs");
    }

    private static Hash32 Word(ulong value)
    {
        var bytes = new byte[32];
        new UInt256(value).WriteBigEndian(bytes);
        return new Hash32(bytes);
    }
}
