// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

import {Vm} from "../test/base/Vm.sol";
import {IDvtRegistry} from "../src/IDvtRegistry.sol";
import {DevnetDepositContract} from "../src/DevnetDepositContract.sol";

/// @notice Deploys our devnet deposit contract and a registry pointing at it, for humans working
/// against a local anvil (the C# side deploys from the build artifacts itself):
///
///   anvil &
///   bash scripts/forge.sh script contracts/script/DeployDevnet.s.sol --rpc-url http://127.0.0.1:8545 --broadcast
///
/// The deployer key comes from $DEPLOYER_KEY (default: anvil's first development account).
/// Set $DEPOSIT_CONTRACT to use an existing deposit contract instead of deploying one.
contract DeployDevnet {
    Vm internal constant vm = Vm(address(uint160(uint256(keccak256("hevm cheat code")))));
    uint256 internal constant ANVIL_FIRST_KEY = 0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80;

    function run() external returns (address depositContract, address registry) {
        uint256 key = vm.envOr("DEPLOYER_KEY", ANVIL_FIRST_KEY);
        depositContract = vm.envOr("DEPOSIT_CONTRACT", address(0));
        vm.startBroadcast(key);
        if (depositContract == address(0)) depositContract = address(new DevnetDepositContract());
        registry = vm.deployCode("DvtRegistry.sol:DvtRegistry", abi.encode(depositContract));
        vm.stopBroadcast();
        require(IDvtRegistry(registry).depositContract() == depositContract, "registry wired to the deposit contract");
    }
}
