// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

import {RegistryFixture} from "./base/RegistryFixture.sol";
import {IDvtRegistry, IDvtRegistryEvents} from "../src/IDvtRegistry.sol";
import {OperatorStatus, ValidatorStatus} from "../src/DvtTypes.sol";

contract RegistryOperatorsTest is RegistryFixture {
    function test_registerRecordsTheOperatorAndEmits() public {
        vm.expectEmit(true, true, true, true, address(registry));
        emit IDvtRegistryEvents.OperatorRegistered(1, opAddr(1), shareKey(1), endpoint(1));
        uint64 id = register(1);
        assertEq(id, 1, "first id");
        (
            address owner,
            OperatorStatus status,
            uint32 liveOwned,
            uint32 others,
            uint256 held
        ) = registry.getOperator(id);
        assertEq(owner, opAddr(1), "owner");
        assertEq(uint256(status), uint256(OperatorStatus.Active), "status");
        assertEq(liveOwned + others + held, 0, "nothing held");
        assertEq(registry.operatorIdOf(opAddr(1)), 1, "operatorIdOf");
        assertEq(registry.operatorCount(), 1, "count");
        assertEq(registry.activeOperatorCount(), 1, "active count");
        assertEq(registry.activeOperators()[0], 1, "active list");
        assertEq(register(2), 2, "ids count up");
    }

    function test_refusesASecondRegistrationFromTheSameAddress() public {
        register(1);
        vm.prank(opAddr(1));
        vm.expectRevert(abi.encodeWithSelector(IDvtRegistryEvents.AlreadyRegistered.selector, opAddr(1), uint64(1)));
        registry.registerOperator(shareKey(1), endpoint(1));
    }

    function test_refusesBadShareEncryptionKeys() public {
        vm.startPrank(opAddr(1));
        vm.expectRevert(abi.encodeWithSelector(IDvtRegistryEvents.InvalidShareEncryptionKey.selector, 0, bytes1(0)));
        registry.registerOperator("", endpoint(1));
        bytes memory k32 = new bytes(32);
        k32[0] = 0x02;
        vm.expectRevert(abi.encodeWithSelector(IDvtRegistryEvents.InvalidShareEncryptionKey.selector, 32, bytes1(0x02)));
        registry.registerOperator(k32, endpoint(1));
        bytes memory k65 = new bytes(65);
        k65[0] = 0x04;
        vm.expectRevert(abi.encodeWithSelector(IDvtRegistryEvents.InvalidShareEncryptionKey.selector, 65, bytes1(0x04)));
        registry.registerOperator(k65, endpoint(1));
        bytes memory k33 = shareKey(1);
        k33[0] = 0x04;
        vm.expectRevert(abi.encodeWithSelector(IDvtRegistryEvents.InvalidShareEncryptionKey.selector, 33, bytes1(0x04)));
        registry.registerOperator(k33, endpoint(1));
        vm.stopPrank();
    }

    function test_refusesBadEndpoints() public {
        vm.startPrank(opAddr(1));
        vm.expectRevert(abi.encodeWithSelector(IDvtRegistryEvents.InvalidEndpoint.selector, 0));
        registry.registerOperator(shareKey(1), "");
        vm.expectRevert(abi.encodeWithSelector(IDvtRegistryEvents.InvalidEndpoint.selector, 257));
        registry.registerOperator(shareKey(1), string(new bytes(257)));
        registry.registerOperator(shareKey(1), string(new bytes(256)));
        vm.stopPrank();
    }

    function test_unknownOperatorView() public {
        vm.expectRevert(abi.encodeWithSelector(IDvtRegistryEvents.UnknownOperator.selector, uint64(7)));
        registry.getOperator(7);
    }

    function test_exitOfAnIdleOperatorCompletesAtOnce() public {
        registerMany(1, 3);
        vm.expectEmit(true, true, true, true, address(registry));
        emit IDvtRegistryEvents.OperatorExitRequested(2, 0);
        vm.expectEmit(true, true, true, true, address(registry));
        emit IDvtRegistryEvents.OperatorExited(2);
        vm.prank(opAddr(2));
        registry.requestOperatorExit();
        assertEq(uint256(statusOf(2)), uint256(OperatorStatus.Exited), "exited");
        uint64[] memory active = registry.activeOperators();
        assertEq(active.length, 2, "two left");
        assertFalse(contains(active, 2), "not active");
        assertTrue(contains(active, 1) && contains(active, 3), "others stay");
    }

    function test_anExitedAddressMayRegisterAgainUnderANewId() public {
        register(1);
        vm.prank(opAddr(1));
        registry.requestOperatorExit();
        assertEq(register(1), 2, "new id");
        assertEq(registry.operatorIdOf(opAddr(1)), 2, "address points to the new id");
        assertEq(uint256(statusOf(1)), uint256(OperatorStatus.Exited), "old id stays exited");
    }

    function test_exitRefusals() public {
        vm.prank(opAddr(9));
        vm.expectRevert(abi.encodeWithSelector(IDvtRegistryEvents.NotAnOperator.selector, opAddr(9)));
        registry.requestOperatorExit();

        registerMany(1, 4);
        uint64 v = request(1, SOLO, KG_NONE);
        // Deposited: the exit waits for the validator exit, so the operator stays Exiting.
        vm.prank(opAddr(1));
        registry.setSoloPublicKey(v, blsKey(1));
        depositAs(1, v);
        vm.prank(opAddr(1));
        registry.requestOperatorExit();
        assertEq(uint256(statusOf(1)), uint256(OperatorStatus.Exited), "own validators exit-requested: exited");
        assertEq(uint256(vStatus(v)), uint256(ValidatorStatus.ExitRequested), "own validator exit requested");

        vm.prank(opAddr(1));
        vm.expectRevert(
            abi.encodeWithSelector(IDvtRegistryEvents.OperatorNotActive.selector, uint64(1), OperatorStatus.Exited)
        );
        registry.requestOperatorExit();

        vm.expectRevert(
            abi.encodeWithSelector(IDvtRegistryEvents.OperatorNotExiting.selector, uint64(2), OperatorStatus.Active)
        );
        registry.processOperatorExit(2, 1);
        vm.expectRevert(
            abi.encodeWithSelector(IDvtRegistryEvents.OperatorNotExiting.selector, uint64(1), OperatorStatus.Exited)
        );
        registry.processOperatorExit(1, 1);
    }

    function testFuzz_registerValidatesKeyAndEndpoint(bytes memory key, uint16 endpointLength) public {
        endpointLength = uint16(bound(endpointLength, 0, 300));
        bool keyOk = key.length == 33 && (key[0] == 0x02 || key[0] == 0x03);
        bool endpointOk = endpointLength >= 1 && endpointLength <= 256;
        vm.prank(opAddr(1));
        if (!keyOk) {
            vm.expectRevert(
                abi.encodeWithSelector(
                    IDvtRegistryEvents.InvalidShareEncryptionKey.selector, key.length, key.length == 0 ? bytes1(0) : key[0]
                )
            );
        } else if (!endpointOk) {
            vm.expectRevert(abi.encodeWithSelector(IDvtRegistryEvents.InvalidEndpoint.selector, endpointLength));
        }
        else {
            // The key and the endpoint are in the event only (the registry keeps neither in state).
            vm.expectEmit(true, true, true, true, address(registry));
            emit IDvtRegistryEvents.OperatorRegistered(1, opAddr(1), key, string(new bytes(endpointLength)));
        }
        registry.registerOperator(key, string(new bytes(endpointLength)));
    }

    /// The maintenance code runs only inside the registry: called directly it refuses every call, so nobody can
    /// register or act there and be mistaken for the registry.
    function test_theMaintenanceContractRefusesDirectCalls() public {
        IDvtRegistry maintenance = IDvtRegistry(registry.maintenance());
        vm.prank(opAddr(1));
        vm.expectRevert(abi.encodeWithSelector(IDvtRegistryEvents.DelegateCallOnly.selector));
        maintenance.registerOperator(shareKey(1), endpoint(1));
        vm.prank(opAddr(1));
        vm.expectRevert(abi.encodeWithSelector(IDvtRegistryEvents.DelegateCallOnly.selector));
        maintenance.updateOperatorEndpoint(endpoint(1));
        // Through the registry the same call runs the maintenance code on the registry's storage.
        register(1);
        vm.expectEmit(true, true, true, true, address(registry));
        emit IDvtRegistryEvents.OperatorEndpointUpdated(1, "https://moved.example");
        vm.prank(opAddr(1));
        registry.updateOperatorEndpoint("https://moved.example");
    }
}
