// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

import {RegistryFixture} from "./base/RegistryFixture.sol";
import {Vm} from "./base/Vm.sol";
import {IDvtRegistry, IDvtRegistryEvents} from "../src/IDvtRegistry.sol";
import {OperatorStatus, ValidatorStatus, ValidatorKind} from "../src/DvtTypes.sol";

/// @notice An auditor (or a restarted coordinator) must rebuild the registry's picture from its
/// logs alone. This replays every log of a busy history — staged promotion, DKG, deposit,
/// reshare on operator exit, revert to solo, refunds — and compares the result with the views.
contract RegistryEventsReplayTest is RegistryFixture {
    mapping(uint64 => uint64[]) internal replayedHolders;
    mapping(uint64 => ValidatorKind) internal replayedKind;
    mapping(uint64 => ValidatorStatus) internal replayedStatus;
    mapping(uint64 => bytes) internal replayedKey;
    mapping(uint64 => OperatorStatus) internal replayedOperator;
    mapping(bytes32 => uint256) internal seen;

    function test_theLogsAloneRebuildHoldersKeysAndStatuses() public {
        startRecordingLogs();
        registerMany(1, 3);
        uint64 staged = request(1, M3OF4, KG_DKG);
        register(4);
        promote(staged);
        completeRound(staged);
        depositAs(1, staged);
        register(5);
        uint64 dvt = request(2, M3OF4, KG_SPLIT);
        completeRound(dvt);
        uint64 solo = request(3, SOLO, KG_NONE);
        vm.prank(opAddr(3));
        registry.setSoloPublicKey(solo, blsKey(77));
        uint64 refunded = request(4, SOLO, KG_NONE);
        vm.prank(opAddr(4));
        registry.requestValidatorExit(refunded);
        // Operator 5 leaves: its shares move (reshare) or the validator reverts to solo.
        vm.prank(opAddr(5));
        registry.requestOperatorExit();
        if (vRound(staged) > 1 && roundOfIsOpen(staged)) completeRound(staged);
        if (vRound(dvt) > 1 && roundOfIsOpen(dvt)) completeRound(dvt);
        // Then a second one, leaving only three active: no replacement left anywhere.
        vm.prank(opAddr(4));
        registry.requestOperatorExit();
        if (roundOfIsOpen(dvt)) completeRound(dvt);

        Vm.Log[] memory logs = takeRecordedLogs();
        uint256 used;
        for (uint256 i = 0; i < logs.length; ++i) {
            if (logs[i].emitter == address(registry)) {
                _apply(logs[i]);
                ++used;
            }
        }
        assertGe(used, 40, "a busy history");
        assertGe(seen[IDvtRegistryEvents.ValidatorPromoted.selector], 1, "a promotion happened");
        assertGe(seen[IDvtRegistryEvents.ValidatorRevertedToSolo.selector], 1, "a revert to solo happened");
        assertGe(seen[IDvtRegistryEvents.ValidatorRefunded.selector], 1, "a refund happened");
        assertGe(seen[IDvtRegistryEvents.RoundCompleted.selector], 3, "reshares completed besides the first rounds");

        for (uint64 v = 1; v <= registry.validatorCount(); ++v) {
            assertEq(replayedHolders[v], registry.getHolders(v), "holders from HoldersChanged");
            assertEq(uint256(replayedKind[v]), uint256(vKind(v)), "kind from HoldersChanged");
            assertEq(uint256(replayedStatus[v]), uint256(vStatus(v)), "status from the validator events");
            assertEq(replayedKey[v], publicKeyOf(v), "key from PublicKeySet");
        }
        for (uint64 op = 1; op <= registry.operatorCount(); ++op) {
            assertEq(uint256(replayedOperator[op]), uint256(statusOf(op)), "operator status from its events");
        }
    }

    function roundOfIsOpen(uint64 v) internal view returns (bool) {
        uint8 s = uint8(roundOf(v).status);
        return s == 1 || s == 2; // Dealing, Acking
    }

    function _apply(Vm.Log memory l) internal {
        bytes32 sig = l.topics[0];
        seen[sig]++;
        if (sig == IDvtRegistryEvents.OperatorRegistered.selector) {
            replayedOperator[uint64(uint256(l.topics[1]))] = OperatorStatus.Active;
        } else if (sig == IDvtRegistryEvents.OperatorExitRequested.selector) {
            replayedOperator[uint64(uint256(l.topics[1]))] = OperatorStatus.Exiting;
        } else if (sig == IDvtRegistryEvents.OperatorExited.selector) {
            replayedOperator[uint64(uint256(l.topics[1]))] = OperatorStatus.Exited;
        } else if (sig == IDvtRegistryEvents.ValidatorRequested.selector) {
            replayedStatus[uint64(uint256(l.topics[1]))] = ValidatorStatus.Requested;
        } else if (sig == IDvtRegistryEvents.HoldersChanged.selector) {
            (ValidatorKind kind, uint64[] memory holders) = abi.decode(l.data, (ValidatorKind, uint64[]));
            uint64 v = uint64(uint256(l.topics[1]));
            replayedHolders[v] = holders;
            replayedKind[v] = kind;
        } else if (sig == IDvtRegistryEvents.PublicKeySet.selector) {
            uint64 v = uint64(uint256(l.topics[1]));
            replayedKey[v] = abi.decode(l.data, (bytes));
            if (replayedStatus[v] == ValidatorStatus.Requested) replayedStatus[v] = ValidatorStatus.Ready;
        } else if (sig == IDvtRegistryEvents.ValidatorDeposited.selector) {
            replayedStatus[uint64(uint256(l.topics[1]))] = ValidatorStatus.Deposited;
        } else if (sig == IDvtRegistryEvents.ValidatorExitRequested.selector) {
            replayedStatus[uint64(uint256(l.topics[1]))] = ValidatorStatus.ExitRequested;
        } else if (sig == IDvtRegistryEvents.ValidatorExited.selector) {
            replayedStatus[uint64(uint256(l.topics[1]))] = ValidatorStatus.Exited;
        }
    }
}
