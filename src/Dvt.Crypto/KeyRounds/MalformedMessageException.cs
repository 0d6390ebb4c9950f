namespace Dvt.Crypto.KeyRounds;

/// <summary>A key-round message from the network (deal, complaint, ack) is malformed; names the field.</summary>
public sealed class MalformedMessageException : FormatException
{
    public MalformedMessageException(string field, string problem, Exception? inner = null)
        : base($"{field}: {problem}", inner)
    {
        Field = field;
    }

    public string Field { get; }
}
