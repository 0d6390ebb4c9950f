// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

import {RegistryState} from "./RegistryState.sol";
import {ValidatorKind, OperatorStatus, RoundKind} from "../DvtTypes.sol";

/// @notice Who holds a validator's shares: drawn at random among the active operators, or among those
/// the owner allows (setDrawAllowList). A validator's holders are drawn by drawHolders, a call anyone
/// may make from DRAW_DELAY blocks after the draw was asked for, from that block's prevrandao, so the
/// requester cannot know its holders when it asks. docs/PROTOCOL.md states the bias that remains.
abstract contract RegistryDraws is RegistryState {
    /// See IDvtRegistry.
    function setDrawAllowList(uint64[] calldata operatorIds) external virtual nonReentrant {
        uint64 ownerId = _callerOperator();
        if (operatorIds.length > MAX_ALLOW_LIST) revert AllowListTooLong(operatorIds.length, MAX_ALLOW_LIST);
        for (uint256 i = 0; i < operatorIds.length; ++i) {
            uint64 op = operatorIds[i];
            if (_operators[op].status == OperatorStatus.None) revert UnknownOperator(op);
            for (uint256 j = 0; j < i; ++j) {
                if (operatorIds[j] == op) revert DuplicateOperator(op);
            }
        }
        _allowLists[ownerId] = operatorIds;
        emit DrawAllowListSet(ownerId, operatorIds);
    }

    /// See IDvtRegistry.
    function drawHolders(uint64 validatorId) external virtual nonReentrant {
        Validator storage v = _existingValidator(validatorId);
        uint64 drawBlock = v.drawBlock;
        if (drawBlock == 0) revert NoDrawPending(validatorId);
        if (block.number < drawBlock) revert DrawNotDue(validatorId, drawBlock);
        (uint8 t, uint8 n) = _modeParameters(v.mode);
        uint64[] memory holders = _holderIds(validatorId);
        uint256 needed = n - holders.length;
        // Members a restart removed as at fault are not drawn back.
        uint64[] storage removed = _drawExclusions[validatorId];
        uint256 h = holders.length;
        uint64[] memory exclude = new uint64[](h + removed.length);
        for (uint256 i = 0; i < exclude.length; ++i) {
            exclude[i] = i < h ? holders[i] : removed[i - h];
        }
        uint64[] memory picked = _pick(needed, exclude, validatorId, v);
        if (picked.length < needed) revert NotEnoughOperators(h + picked.length, n);
        for (uint256 i = 0; i < needed; ++i) {
            uint64 op = picked[i];
            _addHolder(validatorId, v, op);
            _operators[op].othersHeld += 1;
        }
        v.drawBlock = 0;
        if (removed.length != 0) delete _drawExclusions[validatorId];
        _bumpEpoch(v);
        emit HoldersChanged(validatorId, ValidatorKind.Dvt, _holderIds(validatorId));
        // A key that exists already (staged, imported or converted solo) is only ever split by the owner, who holds it.
        RoundKind kind =
            (v.keyBlock != 0 || v.keyGeneration == uint8(RoundKind.None)) ? RoundKind.Split : RoundKind(v.keyGeneration);
        _startRound(validatorId, v, kind, t, 0, 0);
    }

    /// Asks for the validator's missing holders to be drawn DRAW_DELAY blocks from now.
    function _armDraw(uint64 validatorId, Validator storage v) internal {
        uint32 drawBlock = _block32() + uint32(DRAW_DELAY);
        v.drawBlock = drawBlock;
        emit DrawPending(validatorId, drawBlock);
    }

    /// Draws up to `count` distinct operators outside `exclude` for the validator: from the owner's
    /// allow-list (its active members) if it has one, else from all active operators. Uniform, by a
    /// partial Fisher-Yates shuffle; returns fewer than `count` only when fewer candidates exist.
    /// Seeded by this block's prevrandao and the validator's id, round and holders epoch: nothing a
    /// caller can move within the block.
    function _pick(uint256 count, uint64[] memory exclude, uint64 validatorId, Validator storage v)
        internal
        view
        returns (uint64[] memory picked)
    {
        uint256 seed =
            uint256(keccak256(abi.encode(block.prevrandao, validatorId, v.currentRound, v.holdersEpoch)));
        uint64[] storage allow = _allowLists[v.owner];
        if (allow.length != 0) return _pickFromList(count, exclude, seed, allow);
        uint256 len = _active.length;
        picked = new uint64[](count);
        // Virtual swaps over the active list: swaps.pos[k] currently holds the entry originally at swaps.val[k],
        // so the cost grows with the draws, not with the number of operators.
        VirtualSwaps memory swaps =
            VirtualSwaps(new uint256[](count + exclude.length), new uint256[](count + exclude.length), 0);
        uint256 got;
        for (uint256 i = 0; got < count && i < len; ++i) {
            uint256 j = i + uint256(keccak256(abi.encode(seed, i))) % (len - i);
            uint64 candidate = _active[_swap(swaps, i, j)];
            if (_indexOf(exclude, candidate) == NONE) picked[got++] = candidate;
        }
        assembly ("memory-safe") {
            mstore(picked, got)
        }
    }

    /// The allow-list's active members outside `exclude`, shuffled in memory; the first `count` are taken.
    function _pickFromList(uint256 count, uint64[] memory exclude, uint256 seed, uint64[] storage allow)
        private
        view
        returns (uint64[] memory picked)
    {
        uint256 len = allow.length;
        uint64[] memory candidates = new uint64[](len);
        uint256 m;
        for (uint256 i = 0; i < len; ++i) {
            uint64 op = allow[i];
            if (_operators[op].status == OperatorStatus.Active && _indexOf(exclude, op) == NONE) candidates[m++] = op;
        }
        uint256 got = count < m ? count : m;
        picked = new uint64[](got);
        for (uint256 i = 0; i < got; ++i) {
            uint256 j = i + uint256(keccak256(abi.encode(seed, i))) % (m - i);
            (candidates[i], candidates[j]) = (candidates[j], candidates[i]);
            picked[i] = candidates[i];
        }
    }

    /// Swaps positions i <= j of the virtual array and returns what now sits at i (was at j).
    /// Position i is never read again, so only j's new content is remembered.
    function _swap(VirtualSwaps memory swaps, uint256 i, uint256 j) private pure returns (uint256 valueAtJ) {
        valueAtJ = j;
        uint256 valueAtI = i;
        uint256 slotJ = NONE;
        uint256 n = swaps.count;
        for (uint256 k = 0; k < n; ++k) {
            uint256 p = swaps.pos[k];
            if (p == j) {
                valueAtJ = swaps.val[k];
                slotJ = k;
            } else if (p == i) {
                valueAtI = swaps.val[k];
            }
        }
        if (j == i) return valueAtJ;
        if (slotJ == NONE) {
            swaps.pos[n] = j;
            swaps.val[n] = valueAtI;
            swaps.count = n + 1;
        } else {
            swaps.val[slotJ] = valueAtI;
        }
    }
}
