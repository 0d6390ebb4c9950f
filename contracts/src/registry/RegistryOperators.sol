// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

import {RegistryValidators} from "./RegistryValidators.sol";
import {OperatorStatus, RoundStatus} from "../DvtTypes.sol";

/// @notice Operators: registration, maintenance in place (endpoint, share-encryption key) and exit,
/// which exits the operator's own validators and reshares its shares of others' away.
abstract contract RegistryOperators is RegistryValidators {
    /// See IDvtRegistry.
    function registerOperator(bytes calldata shareEncryptionKey, string calldata endpoint)
        external
        virtual
        nonReentrant
        returns (uint64 operatorId)
    {
        uint64 existing = _operatorIdOf[msg.sender];
        if (existing != 0 && _operators[existing].status != OperatorStatus.Exited) {
            revert AlreadyRegistered(msg.sender, existing);
        }
        _checkShareKey(shareEncryptionKey);
        _checkEndpoint(endpoint);

        operatorId = ++_operatorCount;
        Operator storage o = _operators[operatorId];
        o.owner = msg.sender;
        o.status = OperatorStatus.Active;
        _active.push(operatorId);
        o.activePos = uint32(_active.length);
        _operatorIdOf[msg.sender] = operatorId;
        emit OperatorRegistered(operatorId, msg.sender, shareEncryptionKey, endpoint);
    }

    /// See IDvtRegistry.
    function updateOperatorEndpoint(string calldata endpoint) external virtual nonReentrant {
        uint64 operatorId = _liveOperatorOf();
        _checkEndpoint(endpoint);
        emit OperatorEndpointUpdated(operatorId, endpoint);
    }

    /// See IDvtRegistry.
    function rotateShareEncryptionKey(bytes calldata shareEncryptionKey) external virtual nonReentrant {
        uint64 operatorId = _liveOperatorOf();
        _checkShareKey(shareEncryptionKey);
        emit ShareEncryptionKeyRotated(operatorId, shareEncryptionKey);
    }

    /// See IDvtRegistry.
    function requestOperatorExit() external virtual nonReentrant {
        uint64 operatorId = _activeOperatorOf(msg.sender);
        Operator storage o = _operators[operatorId];
        o.status = OperatorStatus.Exiting;
        _removeActive(o);
        uint256 held = _held[operatorId].length;
        o.exitCursor = uint32(held);
        emit OperatorExitRequested(operatorId, held);
        _processExit(operatorId, EXIT_BATCH);
        _settleOperatorExit(operatorId);
    }

    /// See IDvtRegistry.
    function processOperatorExit(uint64 operatorId, uint256 maxSteps)
        external
        virtual
        nonReentrant
        returns (uint256 remaining)
    {
        OperatorStatus status = _operators[operatorId].status;
        if (status != OperatorStatus.Exiting) revert OperatorNotExiting(operatorId, status);
        remaining = _processExit(operatorId, maxSteps);
        _settleOperatorExit(operatorId);
    }

    /// An operator that has not exited (an exiting one still holds shares and is still reached).
    function _liveOperatorOf() private view returns (uint64 operatorId) {
        operatorId = _callerOperator();
        OperatorStatus status = _operators[operatorId].status;
        if (status == OperatorStatus.Exited) revert OperatorNotActive(operatorId, status);
    }

    /// Visits up to maxSteps of the operator's held validators, newest first: its own validators
    /// exit, its shares of others' validators are reshared (or the validator reverts to solo).
    /// Swap-removals during the walk only move visited entries into unvisited places, so a
    /// validator may be visited twice (harmless) but never skipped.
    function _processExit(uint64 operatorId, uint256 maxSteps) private returns (uint256 remaining) {
        Operator storage o = _operators[operatorId];
        uint64[] storage held = _held[operatorId];
        for (uint256 steps = 0; steps < maxSteps; ++steps) {
            uint256 cursor = o.exitCursor;
            if (cursor > held.length) cursor = held.length;
            if (cursor == 0) {
                o.exitCursor = 0;
                return 0;
            }
            o.exitCursor = uint32(cursor - 1);
            _leaveValidator(operatorId, held[cursor - 1]);
        }
        remaining = o.exitCursor;
        if (remaining > held.length) remaining = held.length;
    }

    function _leaveValidator(uint64 operatorId, uint64 validatorId) private {
        Validator storage v = _validators[validatorId];
        if (!_isLive(v.status)) return; // exit already under way: holders sign it, then delete
        if (v.owner == operatorId) {
            _exitValidator(validatorId, v);
            return;
        }
        // Holders still being drawn: the drawn set replaces this holder's place at the next completed round.
        if (v.drawBlock != 0) return;
        RoundStatus rs = _rounds[_roundKey(validatorId, v.currentRound)].status;
        // A validator busy with a round is handled when that round completes (_afterRoundCompleted).
        if (rs == RoundStatus.Dealing || rs == RoundStatus.Acking || rs == RoundStatus.Failed) return;
        _reshareAway(validatorId, v, operatorId);
    }

    function _removeActive(Operator storage o) private {
        uint256 pos = o.activePos;
        uint256 last = _active.length;
        if (pos != last) {
            uint64 moved = _active[last - 1];
            _active[pos - 1] = moved;
            _operators[moved].activePos = uint32(pos);
        }
        _active.pop();
        o.activePos = 0;
    }
}
