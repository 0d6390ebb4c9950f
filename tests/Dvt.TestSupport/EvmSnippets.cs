namespace Dvt.TestSupport;

/// <summary>
/// Tiny hand-assembled EVM programs for tests and benchmarks, so they need no compiler:
/// a deployer wrapper, a contract that always reverts with fixed data, and a log emitter.
/// </summary>
public static class EvmSnippets
{
    /// <summary>Init code that deploys <paramref name="runtime"/> unchanged.</summary>
    public static byte[] Deployer(byte[] runtime)
    {
        const int prefixLength = 15;
        var n = runtime.Length;
        byte[] prefix =
        [
            0x61, (byte)(n >> 8), (byte)n,           // PUSH2 runtime length
            0x61, 0x00, prefixLength,                // PUSH2 offset of the runtime in this code
            0x60, 0x00,                              // PUSH1 0 (memory destination)
            0x39,                                    // CODECOPY
            0x61, (byte)(n >> 8), (byte)n,           // PUSH2 runtime length
            0x60, 0x00,                              // PUSH1 0
            0xf3,                                    // RETURN
        ];
        return [.. prefix, .. runtime];
    }

    /// <summary>Runtime code that reverts every call with exactly <paramref name="revertData"/>.</summary>
    public static byte[] AlwaysRevert(byte[] revertData)
    {
        const int prefixLength = 15;
        var n = revertData.Length;
        byte[] prefix =
        [
            0x61, (byte)(n >> 8), (byte)n,           // PUSH2 data length
            0x61, 0x00, prefixLength,                // PUSH2 data offset in code
            0x60, 0x00,                              // PUSH1 0
            0x39,                                    // CODECOPY
            0x61, (byte)(n >> 8), (byte)n,           // PUSH2 data length
            0x60, 0x00,                              // PUSH1 0
            0xfd,                                    // REVERT
        ];
        return [.. prefix, .. revertData];
    }

    /// <summary>
    /// Runtime code of a log emitter with <paramref name="topicCount"/> topics. Calldata:
    /// count (32 bytes) || topicCount topics (32 bytes each) || payload. Emits the same log count times;
    /// each log costs about 750 + 8 * payload length gas.
    /// </summary>
    public static byte[] LogEmitter(int topicCount)
    {
        if (topicCount is < 0 or > 4)
            throw new ArgumentOutOfRangeException(nameof(topicCount), topicCount, "LOG0..LOG4 take 0 to 4 topics");
        var header = (byte)(32 + 32 * topicCount);
        var code = new List<byte>
        {
            0x60, header, 0x36, 0x03,                // len = CALLDATASIZE - header
            0x80, 0x60, header, 0x60, 0x00, 0x37,    // CALLDATACOPY(0, header, len)
            0x60, 0x00, 0x35,                        // count = CALLDATALOAD(0)
        };
        var loop = (byte)code.Count;
        code.AddRange([0x5b, 0x80, 0x15, 0x60, 0x00, 0x57]); // JUMPDEST; if count == 0 jump to end (patched below)
        var endPatch = code.Count - 2;
        for (var k = topicCount - 1; k >= 0; k--)
            code.AddRange([0x60, (byte)(32 + 32 * k), 0x35]); // topic k
        code.AddRange([(byte)(0x81 + topicCount), 0x60, 0x00, (byte)(0xa0 + topicCount)]); // DUP len; PUSH 0; LOGn
        code.AddRange([0x60, 0x01, 0x90, 0x03, 0x60, loop, 0x56]); // count -= 1; jump loop
        code[endPatch] = (byte)code.Count;
        code.AddRange([0x5b, 0x00]); // end: JUMPDEST; STOP
        return code.ToArray();
    }
}
