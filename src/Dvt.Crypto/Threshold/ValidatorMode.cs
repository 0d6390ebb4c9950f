namespace Dvt.Crypto.Threshold;

/// <summary>How a validator's key is held; wire values fixed by the registry contract (pinned by a test).</summary>
public enum ValidatorMode : byte
{
    Solo = 0,
    ThreeOfFour = 1,
    FiveOfSeven = 2,
    SevenOfTen = 3,
    NineOfThirteen = 4,
}
