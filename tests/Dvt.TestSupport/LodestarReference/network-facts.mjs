// Independent reference for dvt's network constants and EIP-7044 exit roots, computed by @lodestar/config and
// @lodestar/types (installed by LodestarReference.cs). Usage: node network-facts.mjs NETWORK [STATE_EPOCH:EXIT_EPOCH:INDEX ...]
// Prints one JSON object: the network's constants and, per case, the signing root Lodestar's beacon chain verifies
// a voluntary exit against when the state is at STATE_EPOCH.
import { createBeaconConfig } from "@lodestar/config";
import { networksChainConfig, genesisData } from "@lodestar/config/networks";
import { ssz } from "@lodestar/types";

const hex = (bytes) => "0x" + Buffer.from(bytes).toString("hex");
const [network, ...cases] = process.argv.slice(2);
const chain = networksChainConfig[network];
if (!chain) {
  console.error(`unknown network ${network}`);
  process.exit(2);
}
const genesis = genesisData[network];
const config = createBeaconConfig(chain, Buffer.from(genesis.genesisValidatorsRoot.slice(2), "hex"));
const forks = ["GENESIS", "ALTAIR", "BELLATRIX", "CAPELLA", "DENEB", "ELECTRA", "FULU"].map((name) => ({
  name,
  version: hex(chain[`${name}_FORK_VERSION`]),
  epoch: name === "GENESIS" ? 0 : Number(chain[`${name}_FORK_EPOCH`]),
}));
const roots = cases.map((c) => {
  const [stateEpoch, exitEpoch, index] = c.split(":").map(Number);
  const slotsPerEpoch = 32;
  const domain = config.getDomainForVoluntaryExit(stateEpoch * slotsPerEpoch, exitEpoch * slotsPerEpoch);
  const objectRoot = ssz.phase0.VoluntaryExit.hashTreeRoot({ epoch: exitEpoch, validatorIndex: index });
  return { stateEpoch, exitEpoch, index, domain: hex(domain), signingRoot: hex(ssz.phase0.SigningData.hashTreeRoot({ objectRoot, domain })) };
});
console.log(JSON.stringify({
  preset: chain.PRESET_BASE,
  genesisValidatorsRoot: genesis.genesisValidatorsRoot,
  genesisTime: genesis.genesisTime,
  secondsPerSlot: chain.SECONDS_PER_SLOT ?? chain.SLOT_DURATION_MS / 1000,
  depositContractAddress: hex(chain.DEPOSIT_CONTRACT_ADDRESS),
  depositChainId: chain.DEPOSIT_CHAIN_ID,
  forks,
  roots,
}));
