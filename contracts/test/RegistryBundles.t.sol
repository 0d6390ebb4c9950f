// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

import {RegistryFixture} from "./base/RegistryFixture.sol";
import {IDvtRegistry, IDvtRegistryEvents} from "../src/IDvtRegistry.sol";
import {ValidatorStatus, RoundKind, RoundStatus, RoundInfo} from "../src/DvtTypes.sol";

/// multicall: a coordinator's many steps in one transaction, each judged as if its sender had sent it alone.
contract RegistryBundlesTest is RegistryFixture {
    uint64[] internal validators;

    function setUp() public override {
        super.setUp();
        registerMany(1, 5);
        for (uint256 i = 0; i < 3; ++i) {
            validators.push(request(1, M3OF4, KG_SPLIT));
        }
    }

    function dealCall(uint64 validatorId) internal pure returns (bytes memory) {
        return abi.encodeCall(
            IDvtRegistry.submitDeal, (validatorId, uint32(1), commitmentsFor(3, validatorId), sharesFor(4, false, validatorId))
        );
    }

    function ackCall(uint64 validatorId) internal pure returns (bytes memory) {
        return abi.encodeCall(IDvtRegistry.ack, (validatorId, uint32(1), blsKey(validatorId), keccak256(abi.encode(validatorId))));
    }

    function test_aBundleRunsEveryCallAsItsSenderAndCompletesTheRounds() public {
        bytes[] memory deals = new bytes[](validators.length);
        for (uint256 i = 0; i < validators.length; ++i) {
            deals[i] = dealCall(validators[i]);
        }
        vm.prank(opAddr(1));
        registry.multicall(deals);
        for (uint256 i = 0; i < validators.length; ++i) {
            assertEq(uint256(roundOf(validators[i]).status), uint256(RoundStatus.Acking), "dealt through the bundle");
        }
        // Each operator acks, in one transaction, every validator it receives a share of.
        for (uint64 op = 1; op <= 5; ++op) {
            uint256 count;
            bytes[] memory acks = new bytes[](validators.length);
            for (uint256 i = 0; i < validators.length; ++i) {
                if (contains(registry.getHolders(validators[i]), op)) acks[count++] = ackCall(validators[i]);
            }
            assembly ("memory-safe") {
                mstore(acks, count)
            }
            if (count == 0) continue;
            vm.prank(addrOf(op));
            registry.multicall(acks);
        }
        for (uint256 i = 0; i < validators.length; ++i) {
            assertEq(uint256(vStatus(validators[i])), uint256(ValidatorStatus.Ready), "ready");
            assertEq(publicKeyOf(validators[i]), blsKey(validators[i]), "the key each holder's ack stated");
            assertEq(registry.getRound(validators[i], 1).ackCount, 4, "four acks");
        }
    }

    function test_aRefusedCallRevertsTheWholeBundleWithItsOwnError() public {
        uint64 v = validators[0];
        bytes[] memory calls = new bytes[](3);
        calls[0] = dealCall(validators[1]);
        calls[1] = dealCall(v);
        calls[2] = dealCall(v); // dealing closed with the call before it
        vm.prank(opAddr(1));
        vm.expectRevert(abi.encodeWithSelector(IDvtRegistryEvents.WrongRoundStatus.selector, v, uint32(1), RoundStatus.Acking));
        registry.multicall(calls);
        // Nothing of the bundle stayed: the calls before the refused one are undone with it.
        assertEq(uint256(roundOf(v).status), uint256(RoundStatus.Dealing), "first deal undone");
        assertEq(uint256(roundOf(validators[1]).status), uint256(RoundStatus.Dealing), "other validator's deal undone");
    }

    function test_aBundleGivesNoOneAnotherSendersRights() public {
        uint64 v = validators[0];
        bytes[] memory deal = new bytes[](1);
        deal[0] = dealCall(v);
        vm.prank(opAddr(1));
        registry.multicall(deal);
        uint64[] memory holders = registry.getHolders(v);
        uint64 outsider;
        for (uint64 op = 1; op <= 5; ++op) {
            if (!contains(holders, op)) outsider = op;
        }
        bytes[] memory acks = new bytes[](1);
        acks[0] = ackCall(v);
        vm.prank(addrOf(outsider));
        vm.expectRevert(abi.encodeWithSelector(IDvtRegistryEvents.NotReceiver.selector, v, uint32(1), outsider));
        registry.multicall(acks);
        // Nor does a bundle sent by someone else on a holder's behalf (the registry itself is never the sender).
        bytes[] memory nested = new bytes[](1);
        nested[0] = abi.encodeCall(IDvtRegistry.multicall, (acks));
        vm.prank(addrOf(outsider));
        vm.expectRevert(abi.encodeWithSelector(IDvtRegistryEvents.NotReceiver.selector, v, uint32(1), outsider));
        registry.multicall(nested);
    }

    function test_aBundleTakesNoValueAndCannotRequestAValidator() public {
        address owner = opAddr(1);
        vm.deal(owner, 100 ether);
        bytes[] memory calls = new bytes[](1);
        calls[0] = abi.encodeCall(IDvtRegistry.requestValidator, (M3OF4, KG_SPLIT, WC));
        vm.prank(owner);
        vm.expectRevert();
        (bool sent,) = address(registry).call{value: 32 ether}(abi.encodeCall(IDvtRegistry.multicall, (calls)));
        sent;
        vm.prank(owner);
        vm.expectRevert(abi.encodeWithSelector(IDvtRegistryEvents.WrongValue.selector, 0, 32 ether));
        registry.multicall(calls);
        assertEq(registry.validatorCount(), 3, "no validator requested");
    }

    function test_callsRunByTheMaintenanceCodeWorkInABundle() public {
        bytes[] memory calls = new bytes[](2);
        calls[0] = abi.encodeCall(IDvtRegistry.updateOperatorEndpoint, ("https://first.example:9000"));
        calls[1] = abi.encodeCall(IDvtRegistry.updateOperatorEndpoint, ("https://second.example:9000"));
        vm.expectEmit(true, true, true, true, address(registry));
        emit IDvtRegistryEvents.OperatorEndpointUpdated(2, "https://first.example:9000");
        vm.expectEmit(true, true, true, true, address(registry));
        emit IDvtRegistryEvents.OperatorEndpointUpdated(2, "https://second.example:9000");
        vm.prank(opAddr(2));
        registry.multicall(calls);
    }
}
