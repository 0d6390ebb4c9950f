// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

import {IDvtRegistryEvents} from "../IDvtRegistry.sol";
import {Mode, ValidatorKind, ValidatorStatus, OperatorStatus, RoundKind, RoundStatus} from "../DvtTypes.sol";

/// @notice The registry's storage, its reentrancy guard and the custody bookkeeping every part shares:
/// who holds which validator (holder entries and each operator's list), the lists by kind, and the
/// checks and small helpers. The entry points live in the parts built on it (RegistryDraws,
/// RegistryRounds, RegistryValidators, RegistryOperators); DvtRegistry adds the views.
abstract contract RegistryState is IDvtRegistryEvents {
    uint256 internal constant DEPOSIT_AMOUNT = 32 ether;
    uint256 internal constant NONE = type(uint256).max;
    uint256 internal constant BLS_PUBKEY_LENGTH = 48;
    uint256 internal constant BLS_SIGNATURE_LENGTH = 96;
    uint256 internal constant COMMITMENT_LENGTH = 48;
    uint256 internal constant SHARE_KEY_LENGTH = 33;
    uint256 internal constant SHARE_CIPHERTEXT_LENGTH = 60;
    uint256 internal constant EVIDENCE_LENGTH = 97;
    uint256 internal constant MAX_ENDPOINT_LENGTH = 256;
    /// Reshares/exits handled inside requestOperatorExit; processOperatorExit continues the rest.
    uint256 internal constant EXIT_BATCH = 8;
    /// A round still dealing or acking this long after it started may be expired by anyone, so that
    /// an operator that went silent cannot block a validator (or another operator's exit) forever.
    uint256 internal constant ROUND_EXPIRY = 1 days;
    /// Holders are drawn from the prevrandao of a block at least this many blocks after the one that
    /// asked for the draw (drawHolders), so the asker cannot know the draw when it asks.
    uint64 internal constant DRAW_DELAY = 1;
    /// An owner's draw allow-list holds at most this many operators (it is copied to memory per draw).
    uint256 internal constant MAX_ALLOW_LIST = 64;
    /// The largest holder set (9-of-13).
    uint256 internal constant MAX_HOLDERS = 13;
    /// keccak256("dvt.registry.reentrancy") - 1: transient slot of the reentrancy guard.
    uint256 internal constant REENTRANCY_SLOT = 0x257fb0b0ed8bbc60c7084ab949965b98ee77ae767f97e668f9f22c8e1cbdff03;

    struct Operator {
        address owner;
        OperatorStatus status;
        uint32 activePos; // 1-based position in _active, 0 when not active
        uint32 ownedLive; // owned validators not yet exit-requested
        // (slot boundary: registration writes only the slot above)
        uint32 othersHeld; // shares held, or promised by an open reshare, of validators owned by others
        uint32 exitCursor; // entries of _held[id] below this index are still to be visited on exit
        // The share-encryption key and the endpoint are in events only (OperatorRegistered,
        // ShareEncryptionKeyRotated, OperatorEndpointUpdated): the registry never reads them.
    }

    struct Validator {
        uint64 owner;
        uint32 currentRound;
        uint32 kindPos; // 1-based position in _byKind[kind]
        uint16 holdersEpoch; // bumped (wrapping) on every change of holders; rounds derive their members from it
        uint8 mode;
        ValidatorKind kind;
        ValidatorStatus status;
        uint8 keyGeneration;
        uint32 drawBlock; // != 0: holders are still to be drawn (drawHolders) from this block on
        // != 0: the block whose PublicKeySet event carries the key. The key itself is in events only
        // (two fresh slots less per validator): _validatorOfKey maps its hash back to the validator,
        // which is what deposits, reshares and the duplicate check compare against.
        uint32 keyBlock;
        uint8 holderCount; // entries in use in _holders[id] (kept here: no length slot of its own)
        bytes32 withdrawalCredentials;
    }

    /// One slot, the ack digest and (only when a complaint or an expiry happened) the faults slot.
    /// Members are not stored: they follow from the validator's holders (see _members), which cannot
    /// change while a round is open or failed.
    struct Round {
        RoundKind kind;
        RoundStatus status;
        uint8 threshold;
        uint8 dealersRequired;
        uint8 dealtCount;
        uint8 ackCount;
        uint16 dealtBits; // bit i: dealers[i] dealt
        uint16 ackBits; // bit j: receivers[j] acked
        uint16 epoch; // the validator's holdersEpoch the members derive from
        uint32 startedAt; // block timestamp; the round may be expired ROUND_EXPIRY later
        uint64 leaving; // Reshare: the holder moving out
        uint64 newcomer; // Reshare: the operator taking the leaver's share index
        bytes32 ackDigest; // keccak256(groupPublicKey || publicSharesHash) of the first ack
        uint64 complainer; // the receiver whose complaint failed the round (0: none)
        uint64 accused; // the dealer it complained about
        uint16 faultBits; // bit j: receivers[j] judged at fault (complaint ruling or silence at expiry)
        uint16 votesDealer; // bit j: receivers[j] judged the dealer at fault
        uint16 votesComplainer; // bit j: receivers[j] judged the complainer at fault
    }

    struct VirtualSwaps {
        uint256[] pos;
        uint256[] val;
        uint256 count;
    }

    /// See IDvtRegistry.
    address public immutable depositContract;

    uint64 internal _operatorCount;
    uint64 internal _validatorCount;

    mapping(uint64 => Operator) internal _operators;
    mapping(address => uint64) internal _operatorIdOf;
    uint64[] internal _active;
    /// Validators an operator holds a share (or, solo, the key) of; swap-removed.
    mapping(uint64 => uint64[]) internal _held;

    mapping(uint64 => Validator) internal _validators;
    /// Position i holds share index i + 1; positions below the validator's holderCount are in use.
    /// Entry = heldPos << 64 | operatorId, heldPos being the 1-based position of the validator in
    /// _held[operatorId] (kept here: no extra slot per holder). A fixed array: a dynamic one would
    /// spend a fresh slot per validator on its length.
    mapping(uint64 => uint128[MAX_HOLDERS]) internal _holders;
    uint64[][3] internal _byKind;
    /// keccak256(public key) => the last validator that took it. The key is live while that validator
    /// has not exited (the entry is not deleted on exit: the key's bytes are not in storage to hash).
    mapping(bytes32 => uint64) internal _validatorOfKey;
    /// Owner operator => the operators its validators' holders are drawn from (empty: any active one).
    mapping(uint64 => uint64[]) internal _allowLists;
    /// Validator => the members a restart removed as at fault, kept out of the draw that replaces them.
    mapping(uint64 => uint64[]) internal _drawExclusions;
    /// Validator => fee recipient set by its owner (0: the default, see feeRecipient).
    mapping(uint64 => address) internal _feeRecipients;

    /// (validatorId << 32 | round) => round.
    mapping(uint256 => Round) internal _rounds;

    /// RegistryMaintenance's own address (its calls run only by delegatecall from the registry); zero in DvtRegistry.
    address private immutable _delegateOnlyAt;

    constructor(address depositContract_, address delegateOnlyAt) {
        depositContract = depositContract_;
        _delegateOnlyAt = delegateOnlyAt;
    }

    /// Every state-changing entry point: refunds call out to owner addresses mid-way.
    modifier nonReentrant() {
        _lock();
        _;
        _unlock();
    }

    function _lock() private {
        if (address(this) == _delegateOnlyAt) revert DelegateCallOnly();
        uint256 slot = REENTRANCY_SLOT;
        uint256 locked;
        assembly ("memory-safe") {
            locked := tload(slot)
        }
        if (locked != 0) revert Reentrancy();
        assembly ("memory-safe") {
            tstore(slot, 1)
        }
    }

    function _unlock() private {
        uint256 slot = REENTRANCY_SLOT;
        assembly ("memory-safe") {
            tstore(slot, 0)
        }
    }

    // ------------------------------------------------------------------ implemented by the parts

    function _startRound(
        uint64 validatorId,
        Validator storage v,
        RoundKind kind,
        uint8 threshold,
        uint64 leaving,
        uint64 newcomer
    ) internal virtual returns (uint32 round);

    function _abortOpenRound(uint64 validatorId, Validator storage v) internal virtual;

    // ------------------------------------------------------------------ custody bookkeeping

    /// Leaves the owner as the only holder and lists the validator as solo.
    function _becomeSolo(uint64 validatorId, Validator storage v) internal {
        uint128[MAX_HOLDERS] storage holders = _holders[validatorId];
        uint64 owner = v.owner;
        uint128 ownerEntry;
        uint256 len = v.holderCount;
        for (uint256 i = 0; i < len; ++i) {
            uint128 entry = holders[i];
            if (uint64(entry) == owner) ownerEntry = entry;
            else _releaseShare(uint64(entry), entry >> 64);
        }
        _truncateHolders(validatorId, v, 0);
        _pushHolder(validatorId, v, ownerEntry);
        _bumpEpoch(v);
        v.mode = uint8(Mode.Solo);
        v.drawBlock = 0;
        _moveKind(validatorId, v, ValidatorKind.Solo);
        emit HoldersChanged(validatorId, ValidatorKind.Solo, _holderIds(validatorId));
    }

    function _clearHolders(uint64 validatorId, Validator storage v) internal {
        uint128[MAX_HOLDERS] storage holders = _holders[validatorId];
        uint64 owner = v.owner;
        uint256 len = v.holderCount;
        for (uint256 i = 0; i < len; ++i) {
            uint128 entry = holders[i];
            if (uint64(entry) == owner) _unlistHeld(owner, entry >> 64);
            else _releaseShare(uint64(entry), entry >> 64);
        }
        _truncateHolders(validatorId, v, 0);
        _bumpEpoch(v);
        emit HoldersChanged(validatorId, v.kind, new uint64[](0));
    }

    /// The validator has exited: its key may be registered again (it is no longer live anywhere here).
    function _markExited(uint64 validatorId, Validator storage v) internal {
        v.status = ValidatorStatus.Exited;
        v.drawBlock = 0;
        emit ValidatorExited(validatorId); // its key is free again: _liveHolderOfKey skips exited validators
        _clearHolders(validatorId, v);
    }

    /// A non-owner stops holding a share; an exiting operator may be done after this.
    function _releaseShare(uint64 op, uint256 heldPos) internal {
        _unlistHeld(op, heldPos);
        _operators[op].othersHeld -= 1;
        _settleOperatorExit(op);
    }

    function _settleOperatorExit(uint64 operatorId) internal {
        Operator storage o = _operators[operatorId];
        if (o.status == OperatorStatus.Exiting && o.ownedLive == 0 && o.othersHeld == 0) {
            o.status = OperatorStatus.Exited;
            emit OperatorExited(operatorId);
        }
    }

    /// Records the validator's key, refusing one that another live validator holds.
    function _setPublicKey(uint64 validatorId, Validator storage v, bytes calldata publicKey) internal {
        _claimKey(validatorId, publicKey);
        v.keyBlock = _block32();
        if (v.status == ValidatorStatus.Requested) v.status = ValidatorStatus.Ready;
        emit PublicKeySet(validatorId, publicKey);
    }

    function _claimKey(uint64 validatorId, bytes calldata publicKey) internal {
        bytes32 h = keccak256(publicKey);
        uint64 holder = _liveHolderOfKey(h);
        if (holder != 0 && holder != validatorId) revert PublicKeyInUse(holder);
        _validatorOfKey[h] = validatorId;
    }

    /// The validator that holds the key of this hash while it has not exited, else 0.
    function _liveHolderOfKey(bytes32 keyHash) internal view returns (uint64 holder) {
        holder = _validatorOfKey[keyHash];
        if (holder != 0 && _validators[holder].status == ValidatorStatus.Exited) holder = 0;
    }

    /// The current block number as stored (uint32: 4.29e9 blocks, centuries at any block time).
    function _block32() internal view returns (uint32) {
        if (block.number > type(uint32).max) revert BlockNumberTooLarge(block.number);
        return uint32(block.number);
    }

    function _bumpEpoch(Validator storage v) internal returns (uint16 epoch) {
        unchecked {
            epoch = v.holdersEpoch + 1; // only compared for equality: wrapping after 65,536 changes is harmless
        }
        v.holdersEpoch = epoch;
    }

    function _addHolder(uint64 validatorId, Validator storage v, uint64 op) internal {
        _pushHolder(validatorId, v, uint128(_listHeld(op, validatorId) << 64) | op);
    }

    function _pushHolder(uint64 validatorId, Validator storage v, uint128 entry) internal {
        uint8 count = v.holderCount;
        _holders[validatorId][count] = entry; // reverts (bounds) past MAX_HOLDERS
        v.holderCount = count + 1;
    }

    /// Keeps the first `keep` holder entries and zeroes the others in use.
    function _truncateHolders(uint64 validatorId, Validator storage v, uint256 keep) internal {
        uint128[MAX_HOLDERS] storage holders = _holders[validatorId];
        uint256 len = v.holderCount;
        for (uint256 i = keep; i < len; ++i) {
            holders[i] = 0;
        }
        v.holderCount = uint8(keep);
    }

    /// Appends the validator to the operator's list; returns its 1-based position.
    function _listHeld(uint64 op, uint64 validatorId) internal returns (uint256 pos) {
        uint64[] storage list = _held[op];
        list.push(validatorId);
        pos = list.length;
    }

    /// Swap-removes position `pos` (1-based) of the operator's list and repoints the holder entry of
    /// the validator moved into that place.
    function _unlistHeld(uint64 op, uint256 pos) internal {
        uint64[] storage list = _held[op];
        uint256 last = list.length;
        if (pos != last) {
            uint64 moved = list[last - 1];
            list[pos - 1] = moved;
            _holders[moved][_holderIndex(moved, op)] = uint128(pos << 64) | op;
        }
        list.pop();
    }

    function _holderIndex(uint64 validatorId, uint64 op) internal view returns (uint256) {
        uint128[MAX_HOLDERS] storage holders = _holders[validatorId];
        uint256 len = _validators[validatorId].holderCount;
        for (uint256 i = 0; i < len; ++i) {
            if (uint64(holders[i]) == op) return i;
        }
        return NONE;
    }

    function _holderIds(uint64 validatorId) internal view returns (uint64[] memory ids) {
        uint128[MAX_HOLDERS] storage holders = _holders[validatorId];
        uint256 len = _validators[validatorId].holderCount;
        ids = new uint64[](len);
        for (uint256 i = 0; i < len; ++i) {
            ids[i] = uint64(holders[i]);
        }
    }

    function _pushKind(uint64 validatorId, Validator storage v, ValidatorKind kind) internal {
        uint64[] storage list = _byKind[uint8(kind)];
        list.push(validatorId);
        v.kind = kind;
        v.kindPos = uint32(list.length);
    }

    function _moveKind(uint64 validatorId, Validator storage v, ValidatorKind kind) internal {
        if (v.kind == kind) return;
        uint64[] storage list = _byKind[uint8(v.kind)];
        uint256 pos = v.kindPos;
        uint256 last = list.length;
        if (pos != last) {
            uint64 moved = list[last - 1];
            list[pos - 1] = moved;
            _validators[moved].kindPos = uint32(pos);
        }
        list.pop();
        _pushKind(validatorId, v, kind);
    }

    // ------------------------------------------------------------------ checks and small helpers

    function _callerOperator() internal view returns (uint64 operatorId) {
        operatorId = _operatorIdOf[msg.sender];
        if (operatorId == 0) revert NotAnOperator(msg.sender);
    }

    function _activeOperatorOf(address caller) internal view returns (uint64 operatorId) {
        operatorId = _operatorIdOf[caller];
        if (operatorId == 0) revert NotAnOperator(caller);
        OperatorStatus status = _operators[operatorId].status;
        if (status != OperatorStatus.Active) revert OperatorNotActive(operatorId, status);
    }

    function _existingValidator(uint64 validatorId) internal view returns (Validator storage v) {
        v = _validators[validatorId];
        if (v.status == ValidatorStatus.None) revert UnknownValidator(validatorId);
    }

    function _ownedValidator(uint64 validatorId) internal view returns (Validator storage v) {
        v = _existingValidator(validatorId);
        if (_operators[v.owner].owner != msg.sender) revert NotValidatorOwner(validatorId, msg.sender);
    }

    function _requireLive(uint64 validatorId, Validator storage v) internal view {
        if (!_isLive(v.status)) revert WrongValidatorStatus(validatorId, v.status);
    }

    function _isLive(ValidatorStatus s) internal pure returns (bool) {
        return s == ValidatorStatus.Requested || s == ValidatorStatus.Ready || s == ValidatorStatus.Deposited;
    }

    function _modeParameters(uint8 mode) internal pure returns (uint8 threshold, uint8 size) {
        if (mode == uint8(Mode.Solo)) return (1, 1);
        if (mode == uint8(Mode.ThreeOfFour)) return (3, 4);
        if (mode == uint8(Mode.FiveOfSeven)) return (5, 7);
        if (mode == uint8(Mode.SevenOfTen)) return (7, 10);
        if (mode == uint8(Mode.NineOfThirteen)) return (9, 13);
        revert InvalidMode(mode);
    }

    /// Compressed secp256k1 point: 33 bytes, prefix 0x02 or 0x03.
    function _checkShareKey(bytes calldata key) internal pure {
        bytes1 prefix = key.length == 0 ? bytes1(0) : key[0];
        if (key.length != SHARE_KEY_LENGTH || (prefix != 0x02 && prefix != 0x03)) {
            revert InvalidShareEncryptionKey(key.length, prefix);
        }
    }

    function _checkEndpoint(string calldata endpoint) internal pure {
        uint256 length = bytes(endpoint).length;
        if (length == 0 || length > MAX_ENDPOINT_LENGTH) revert InvalidEndpoint(length);
    }

    function _roundKey(uint64 validatorId, uint32 round) internal pure returns (uint256) {
        return (uint256(validatorId) << 32) | round;
    }

    function _indexOf(uint64[] memory list, uint64 value) internal pure returns (uint256) {
        for (uint256 i = 0; i < list.length; ++i) {
            if (list[i] == value) return i;
        }
        return NONE;
    }

    function _bit(uint256 pos) internal pure returns (uint16) {
        return uint16(1 << pos);
    }

    function _popCount(uint16 bits) internal pure returns (uint256 count) {
        for (; bits != 0; bits &= bits - 1) {
            ++count;
        }
    }
}
