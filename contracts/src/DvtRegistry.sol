// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

import {RegistryState} from "./registry/RegistryState.sol";
import {RegistryOperators} from "./registry/RegistryOperators.sol";
import {RegistryMaintenance} from "./registry/RegistryMaintenance.sol";
import {ValidatorKind, ValidatorStatus, OperatorStatus, RoundStatus, RoundInfo} from "./DvtTypes.sol";

/// @title DvtRegistry
/// @notice The single source of truth of dvt: operators, validators, who holds shares of which key,
/// the key rounds that deal and reshare those shares, deposits and exits. Blobs (deals, complaint
/// evidence) travel as calldata and events; storage keeps only what later checks need.
/// The entry points are in the parts under registry/ (state and custody bookkeeping, draws, key
/// rounds, validators, operators); this file adds the views. The rarely used calls (rulings, expiry
/// and restarts, operator maintenance and exit, conversions, imports) run the same parts' code from
/// RegistryMaintenance, which the constructor deploys and these calls reach by delegatecall, so that
/// each contract's runtime code stays under EIP-170's 24,576 bytes. See docs/PROTOCOL.md.
contract DvtRegistry is RegistryOperators {
    /// The code the rarely used calls run (delegatecall: this registry's storage, caller and value).
    address public immutable maintenance;

    constructor(address depositContract_) RegistryState(depositContract_, address(0)) {
        maintenance = address(new RegistryMaintenance(depositContract_));
    }

    // ------------------------------------------------------------------ calls run by RegistryMaintenance

    function updateOperatorEndpoint(string calldata) external override {
        _delegate();
    }

    function rotateShareEncryptionKey(bytes calldata) external override {
        _delegate();
    }

    function setDrawAllowList(uint64[] calldata) external override {
        _delegate();
    }

    function requestOperatorExit() external override {
        _delegate();
    }

    function processOperatorExit(uint64, uint256) external override returns (uint256) {
        _delegate();
    }

    function importValidator(bytes calldata, uint8, bytes32, uint64, uint64, uint64)
        external
        override
        returns (uint64)
    {
        _delegate();
    }

    function setSoloPublicKey(uint64, bytes calldata) external override {
        _delegate();
    }

    function setFeeRecipient(uint64, address) external override {
        _delegate();
    }

    function promoteStaged(uint64) external override {
        _delegate();
    }

    function convertToDvt(uint64, uint8) external override {
        _delegate();
    }

    function convertToSolo(uint64) external override {
        _delegate();
    }

    function judgeComplaint(uint64, uint32, bool) external override {
        _delegate();
    }

    function expireRound(uint64) external override {
        _delegate();
    }

    function restartRound(uint64) external override returns (uint32) {
        _delegate();
    }

    // ------------------------------------------------------------------ bundles

    /// See IDvtRegistry. Each call runs by delegatecall into this registry's own code, so it sees the same caller and
    /// storage as if it had been sent alone, in order, each after the state the ones before it left. Not payable: a
    /// delegatecall would show every call the one msg.value, so a call that needs value (requestValidator) is refused
    /// inside a bundle as it is without its ETH.
    function multicall(bytes[] calldata calls) external {
        for (uint256 i = 0; i < calls.length; ++i) {
            (bool ok, bytes memory result) = address(this).delegatecall(calls[i]);
            if (!ok) {
                // The failing call's own revert data, so callers decode the registry's custom error.
                assembly ("memory-safe") {
                    revert(add(result, 32), mload(result))
                }
            }
        }
    }

    /// Runs the call's calldata in RegistryMaintenance's code and returns or reverts with its result.
    function _delegate() private {
        address target = maintenance;
        assembly ("memory-safe") {
            let p := mload(0x40)
            calldatacopy(p, 0, calldatasize())
            let ok := delegatecall(gas(), target, p, calldatasize(), 0, 0)
            returndatacopy(p, 0, returndatasize())
            if iszero(ok) { revert(p, returndatasize()) }
            return(p, returndatasize())
        }
    }

    // ------------------------------------------------------------------ views

    /// See IDvtRegistry.
    function operatorCount() external view returns (uint64) {
        return _operatorCount;
    }

    /// See IDvtRegistry.
    function validatorCount() external view returns (uint64) {
        return _validatorCount;
    }

    /// See IDvtRegistry.
    function operatorIdOf(address owner) external view returns (uint64) {
        return _operatorIdOf[owner];
    }

    /// See IDvtRegistry.
    function getOperator(uint64 operatorId)
        external
        view
        returns (
            address owner,
            OperatorStatus status,
            uint32 liveOwnedValidators,
            uint32 sharesOfOthers,
            uint256 heldValidators
        )
    {
        Operator storage o = _operators[operatorId];
        if (o.status == OperatorStatus.None) revert UnknownOperator(operatorId);
        owner = o.owner;
        status = o.status;
        liveOwnedValidators = o.ownedLive;
        sharesOfOthers = o.othersHeld;
        heldValidators = _held[operatorId].length;
    }

    /// See IDvtRegistry.
    function operatorExitBacklog(uint64 operatorId) external view returns (uint256 backlog) {
        Operator storage o = _operators[operatorId];
        if (o.status != OperatorStatus.Exiting) return 0;
        backlog = o.exitCursor;
        uint256 len = _held[operatorId].length;
        if (backlog > len) backlog = len;
    }

    /// See IDvtRegistry.
    function getValidator(uint64 validatorId)
        external
        view
        returns (
            uint64 ownerOperatorId,
            uint8 mode,
            ValidatorKind kind,
            ValidatorStatus status,
            uint8 keyGeneration,
            uint32 currentRound,
            bytes32 withdrawalCredentials,
            bool fundsHeld
        )
    {
        Validator storage v = _existingValidator(validatorId);
        return (
            v.owner,
            v.mode,
            v.kind,
            v.status,
            v.keyGeneration,
            v.currentRound,
            v.withdrawalCredentials,
            v.status == ValidatorStatus.Requested || v.status == ValidatorStatus.Ready
        );
    }

    /// See IDvtRegistry.
    function publicKeyBlock(uint64 validatorId) external view returns (uint64) {
        return _existingValidator(validatorId).keyBlock;
    }

    /// See IDvtRegistry.
    function getHolders(uint64 validatorId) external view returns (uint64[] memory) {
        _existingValidator(validatorId);
        return _holderIds(validatorId);
    }

    /// See IDvtRegistry.
    function getRound(uint64 validatorId, uint32 round) external view returns (RoundInfo memory info) {
        Round storage r = _rounds[_roundKey(validatorId, round)];
        info.kind = r.kind;
        info.status = r.status;
        info.threshold = r.threshold;
        info.dealersRequired = r.dealersRequired;
        info.dealtCount = r.dealtCount;
        info.ackCount = r.ackCount;
        info.leavingOperatorId = r.leaving;
        info.ackDigest = r.ackDigest;
    }

    /// See IDvtRegistry.
    function roundDeadline(uint64 validatorId, uint32 round) external view returns (uint256) {
        Round storage r = _rounds[_roundKey(validatorId, round)];
        if (r.status == RoundStatus.None) return 0;
        return uint256(r.startedAt) + ROUND_EXPIRY;
    }

    /// See IDvtRegistry.
    function getRoundMembers(uint64 validatorId, uint32 round)
        external
        view
        returns (uint64[] memory dealers, bool[] memory dealt, uint64[] memory receivers, bool[] memory acked)
    {
        Round storage r = _rounds[_roundKey(validatorId, round)];
        if (r.status == RoundStatus.None) return (dealers, dealt, receivers, acked);
        if (r.epoch != _validators[validatorId].holdersEpoch) revert RoundMembersNotStored(validatorId, round);
        (dealers, receivers) = _members(validatorId, r);
        dealt = _flags(r.dealtBits, dealers.length);
        acked = _flags(r.ackBits, receivers.length);
    }

    /// See IDvtRegistry.
    function validatorsByKind(ValidatorKind kind, uint256 offset, uint256 limit)
        external
        view
        returns (uint64[] memory ids, uint256 total)
    {
        return _page(_byKind[uint8(kind)], offset, limit);
    }

    /// See IDvtRegistry.
    function validatorsOfOperator(uint64 operatorId, uint256 offset, uint256 limit)
        external
        view
        returns (uint64[] memory ids, uint256 total)
    {
        return _page(_held[operatorId], offset, limit);
    }

    /// See IDvtRegistry.
    function activeOperators() external view returns (uint64[] memory) {
        return _active;
    }

    /// See IDvtRegistry.
    function activeOperatorCount() external view returns (uint256) {
        return _active.length;
    }

    /// See IDvtRegistry.
    function modeParameters(uint8 mode) external pure returns (uint8 threshold, uint8 size) {
        return _modeParameters(mode);
    }

    /// See IDvtRegistry.
    function drawAllowList(uint64 ownerOperatorId) external view returns (uint64[] memory) {
        return _allowLists[ownerOperatorId];
    }

    /// See IDvtRegistry.
    function pendingDraw(uint64 validatorId) external view returns (uint64 drawBlock) {
        return _existingValidator(validatorId).drawBlock;
    }

    /// See IDvtRegistry.
    function getRoundFaults(uint64 validatorId, uint32 round)
        external
        view
        returns (uint64 complainer, uint64 accused, bool[] memory atFault)
    {
        Round storage r = _rounds[_roundKey(validatorId, round)];
        complainer = r.complainer;
        accused = r.accused;
        if (r.status == RoundStatus.None) return (complainer, accused, atFault);
        if (r.epoch != _validators[validatorId].holdersEpoch) revert RoundMembersNotStored(validatorId, round);
        atFault = _flags(r.faultBits, _validators[validatorId].holderCount);
    }

    /// See IDvtRegistry.
    function validatorOfPublicKey(bytes calldata publicKey) external view returns (uint64) {
        return _liveHolderOfKey(keccak256(publicKey));
    }

    function _flags(uint16 bits, uint256 len) private pure returns (bool[] memory out) {
        out = new bool[](len);
        for (uint256 i = 0; i < len; ++i) {
            out[i] = bits & _bit(i) != 0;
        }
    }

    function _page(uint64[] storage list, uint256 offset, uint256 limit)
        private
        view
        returns (uint64[] memory ids, uint256 total)
    {
        total = list.length;
        if (offset >= total) return (new uint64[](0), total);
        uint256 end = total - offset < limit ? total : offset + limit;
        ids = new uint64[](end - offset);
        for (uint256 i = offset; i < end; ++i) {
            ids[i - offset] = list[i];
        }
    }
}
