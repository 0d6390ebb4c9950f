using Dvt.Consensus.Primitives;
using Dvt.SlashingProtection;
using Dvt.SlashingProtection.Storage;

// Usage: Dvt.SlashingProtection.Contender DATABASE GENESIS_ROOT PUBKEY SLOT SIGNING_ROOT GO_FILE
// Opens the store, prints "ready", waits until GO_FILE exists, makes one block request and prints
// the decision's case name and, for a double proposal, the root of the block it collided with.
if (args.Length != 6)
{
    Console.Error.WriteLine("usage: Dvt.SlashingProtection.Contender DATABASE GENESIS_ROOT PUBKEY SLOT SIGNING_ROOT GO_FILE");
    return 2;
}

var (database, genesis, publicKey, slot, root, goFile) = (args[0], args[1], args[2], args[3], args[4], args[5]);
await using var store = await SqliteSlashingProtectionStore.OpenAsync(database, GenesisValidatorsRoot.Parse(genesis));
Console.WriteLine("ready");

var deadline = DateTime.UtcNow.AddSeconds(60);
while (!File.Exists(goFile))
{
    if (DateTime.UtcNow > deadline)
    {
        Console.Error.WriteLine($"no start signal ({goFile}) within 60 s");
        return 3;
    }
    Thread.Sleep(1);
}

var decision = await store.CheckAndInsertBlockAsync(
    ValidatorPublicKeyBytes.Parse(publicKey), new Slot(ulong.Parse(slot, System.Globalization.CultureInfo.InvariantCulture)), SigningRoot.Parse(root));
Console.WriteLine(decision switch
{
    SigningDecision.DoubleProposal d => $"DoubleProposal {d.Existing.SigningRoot}",
    _ => decision.GetType().Name,
});
return 0;
