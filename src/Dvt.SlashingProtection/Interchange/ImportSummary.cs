namespace Dvt.SlashingProtection.Interchange;

/// <summary>
/// What an import did. <see cref="ConflictsCollapsed"/> counts records that clashed with another
/// record at the same slot / target (in the file or in the database): they are kept with an
/// unknown signing root, so nothing at that slot or target can ever be signed as a repeat.
/// </summary>
public sealed record ImportSummary(int Validators, int BlocksRead, int AttestationsRead, int ConflictsCollapsed);
