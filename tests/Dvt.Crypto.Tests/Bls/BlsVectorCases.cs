namespace Dvt.Crypto.Tests.Bls;

// Shapes of ethereum/bls12-381-tests v0.1.2 (formats/<handler>.md), read strictly by VectorJson.

internal sealed record SignInput(string Privkey, string Message);
internal sealed record SignCase(SignInput Input, string? Output);

internal sealed record VerifyInput(string Pubkey, string Message, string Signature);
internal sealed record VerifyCase(VerifyInput Input, bool Output);

internal sealed record AggregateCase(string[] Input, string? Output);

internal sealed record FastAggregateVerifyInput(string[] Pubkeys, string Message, string Signature);
internal sealed record FastAggregateVerifyCase(FastAggregateVerifyInput Input, bool Output);

internal sealed record AggregateVerifyInput(string[] Pubkeys, string[] Messages, string Signature);
internal sealed record AggregateVerifyCase(AggregateVerifyInput Input, bool Output);

internal sealed record BatchVerifyInput(string[] Pubkeys, string[] Messages, string[] Signatures);
internal sealed record BatchVerifyCase(BatchVerifyInput Input, bool Output);

internal sealed record DeserializationG1Input(string Pubkey);
internal sealed record DeserializationG1Case(DeserializationG1Input Input, bool Output);

internal sealed record DeserializationG2Input(string Signature);
internal sealed record DeserializationG2Case(DeserializationG2Input Input, bool Output);

internal sealed record HashToG2Input(string Msg);
internal sealed record HashToG2Output(string X, string Y);
internal sealed record HashToG2Case(HashToG2Input Input, HashToG2Output Output);
