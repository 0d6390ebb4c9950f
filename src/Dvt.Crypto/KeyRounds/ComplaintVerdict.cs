namespace Dvt.Crypto.KeyRounds;

/// <summary>Whose fault a complaint shows.</summary>
public enum ComplaintFault
{
    /// <summary>The deal is malformed or the disputed share is wrong: the dealer cheated.</summary>
    Dealer,

    /// <summary>The evidence is bad or the disputed share is fine: the complaint is false.</summary>
    Complainer,
}

/// <summary>A third party's ruling on a complaint, with the reason.</summary>
public sealed record ComplaintVerdict(ComplaintFault Fault, string Reason);
