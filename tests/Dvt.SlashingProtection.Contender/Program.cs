using Dvt.Consensus.Primitives;
using Dvt.SlashingProtection;
using Dvt.SlashingProtection.Storage;

// Usage: Dvt.SlashingProtection.Contender DATABASE GENESIS_ROOT PUBKEY SLOT SIGNING_ROOT
// Opens the store, prints "ready", waits for the line "go" on standard input (the test writes it to every contender at
// once; no polling), makes one block request and prints the decision's case name and, for a double proposal, the root
// of the block it collided with. Standard input closed first (the test is gone): exit 3 without a request.
if (args.Length != 5)
{
    Console.Error.WriteLine("usage: Dvt.SlashingProtection.Contender DATABASE GENESIS_ROOT PUBKEY SLOT SIGNING_ROOT");
    return 2;
}

var (database, genesis, publicKey, slot, root) = (args[0], args[1], args[2], args[3], args[4]);
await using var store = await SqliteSlashingProtectionStore.OpenAsync(database, GenesisValidatorsRoot.Parse(genesis));
Console.WriteLine("ready");

if (await Console.In.ReadLineAsync() != "go")
{
    Console.Error.WriteLine("no start signal on standard input");
    return 3;
}

var decision = await store.CheckAndInsertBlockAsync(
    ValidatorPublicKeyBytes.Parse(publicKey), new Slot(ulong.Parse(slot, System.Globalization.CultureInfo.InvariantCulture)), SigningRoot.Parse(root));
Console.WriteLine(decision switch
{
    SigningDecision.DoubleProposal d => $"DoubleProposal {d.Existing.SigningRoot}",
    _ => decision.GetType().Name,
});
return 0;
