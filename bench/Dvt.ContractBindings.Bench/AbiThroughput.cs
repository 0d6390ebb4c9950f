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
        var commitments = new byte[48 * 3];
        var shares = new byte[33 + 60 * 4];
        Random.Shared.NextBytes(commitments);
        Random.Shared.NextBytes(shares);
        DvtRegistryContract.Dto.SubmitDealFunction Message() => new() { ValidatorId = 7, Round = 1, Commitments = commitments, EncryptedShares = shares };
        var calldata = Nethereum.Contracts.FunctionMessageExtensions.GetCallData(Message());
        var target = new byte[calldata.Length];
        var hash = new byte[32];

        var encode = Figure.Rate(() => Nethereum.Contracts.FunctionMessageExtensions.GetCallData(Message()), each);
        var copy = Figure.Rate(() => calldata.AsSpan().CopyTo(target), each);
        var keccak = Figure.Rate(() => Keccak256.Hash(calldata, hash), each);
        Console.WriteLine($"ABI: submitDeal calldata = {calldata.Length} bytes");
        Figure.Print("encode submitDeal(uint64,uint32,bytes,bytes) (Nethereum)", encode, "memcpy", copy, "calls");
        Figure.Print("encode submitDeal (same)", encode, "keccak", keccak, "calls");

        var calldataHex = Dvt.Consensus.Primitives.Hex.Encode(calldata);
        var decoded = Nethereum.Contracts.FunctionMessageExtensions.DecodeInput(new DvtRegistryContract.Dto.SubmitDealFunction(), calldataHex);
        if (decoded.ValidatorId != 7 || !decoded.EncryptedShares.AsSpan().SequenceEqual(shares))
            throw new InvalidOperationException("Nethereum's submitDeal decoding does not give back the encoded arguments");
        var decodeInput = Figure.Rate(() => Nethereum.Contracts.FunctionMessageExtensions.DecodeInput(new DvtRegistryContract.Dto.SubmitDealFunction(), calldataHex), each);
        Figure.Print("decode submitDeal calldata (Nethereum)", decodeInput, "keccak", keccak, "calls");

        var dealEvent = DvtRegistryContract.DealSubmittedEvent.Definition;
        var data = new Nethereum.ABI.ABIEncode().GetABIEncoded(new Nethereum.ABI.ABIValue("bytes", commitments), new Nethereum.ABI.ABIValue("bytes", shares));
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
