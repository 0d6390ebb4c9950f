namespace Dvt.Consensus.Networks;

/// <summary>The consensus-layer forks a signer needs to know by name, in activation order (phase0 is genesis).</summary>
public enum ConsensusFork
{
    Phase0 = 0,
    Altair = 1,
    Bellatrix = 2,
    Capella = 3,
    Deneb = 4,
    Electra = 5,
    Fulu = 6,
}
