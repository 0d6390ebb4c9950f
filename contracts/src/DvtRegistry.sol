// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

import {IDvtRegistry} from "./IDvtRegistry.sol";
import {IDepositContract} from "./IDepositContract.sol";
import {
    Mode,
    ValidatorKind,
    ValidatorStatus,
    OperatorStatus,
    RoundKind,
    RoundStatus,
    FailureReason,
    RoundInfo
} from "./DvtTypes.sol";

/// @title DvtRegistry
/// @notice The single source of truth of dvt: operators, validators, who holds shares of which key,
/// the key rounds that deal and reshare those shares, deposits and exits. Blobs (deals, complaint
/// evidence) travel as calldata and events; storage keeps only what later checks need.
/// See docs/PROTOCOL.md for the state machines and the byte layouts.
contract DvtRegistry is IDvtRegistry {
    uint256 private constant DEPOSIT_AMOUNT = 32 ether;
    uint256 private constant NONE = type(uint256).max;
    uint256 private constant BLS_PUBKEY_LENGTH = 48;
    uint256 private constant BLS_SIGNATURE_LENGTH = 96;
    uint256 private constant COMMITMENT_LENGTH = 48;
    uint256 private constant SHARE_KEY_LENGTH = 33;
    uint256 private constant SHARE_CIPHERTEXT_LENGTH = 60;
    uint256 private constant EVIDENCE_LENGTH = 97;
    uint256 private constant MAX_ENDPOINT_LENGTH = 256;
    /// Reshares/exits handled inside requestOperatorExit; processOperatorExit continues the rest.
    uint256 private constant EXIT_BATCH = 8;
    /// registerOperator promotes at most this many staged validators, looking at most at SCAN of them,
    /// so that registering stays cheap; promoteStaged does the rest.
    uint256 private constant AUTO_PROMOTE_MAX = 4;
    uint256 private constant AUTO_PROMOTE_SCAN = 8;
    /// A round still dealing or acking this long after it started may be expired by anyone, so that
    /// an operator that went silent cannot block a validator (or another operator's exit) forever.
    uint256 private constant ROUND_EXPIRY = 1 days;
    /// keccak256("dvt.registry.reentrancy") - 1: transient slot of the reentrancy guard.
    uint256 private constant REENTRANCY_SLOT = 0x257fb0b0ed8bbc60c7084ab949965b98ee77ae767f97e668f9f22c8e1cbdff03;

    struct Operator {
        address owner;
        OperatorStatus status;
        bytes1 keyPrefix; // share-encryption key = keyPrefix || keyX (compressed secp256k1)
        uint32 activePos; // 1-based position in _active, 0 when not active
        uint32 ownedLive; // owned validators not yet exit-requested
        // (slot boundary: registration writes only the slot above, keyX and endpoint)
        uint32 othersHeld; // shares held, or promised by an open reshare, of validators owned by others
        uint32 exitCursor; // entries of _held[id] below this index are still to be visited on exit
        bytes32 keyX;
        string endpoint;
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
        bool hasKey;
        bytes32 withdrawalCredentials;
        bytes32 pubkeyHead; // public key bytes 0..31
        bytes16 pubkeyTail; // public key bytes 32..47
        bytes32 publicSharesHash;
    }

    /// One slot plus the ack digest. Members are not stored: they follow from the validator's
    /// holders (see _members), which cannot change while a round is open or failed.
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
    }

    struct VirtualSwaps {
        uint256[] pos;
        uint256[] val;
        uint256 count;
    }

    /// @inheritdoc IDvtRegistry
    address public immutable override depositContract;

    uint64 private _operatorCount;
    uint64 private _validatorCount;
    uint64 private _randomNonce;

    mapping(uint64 => Operator) private _operators;
    mapping(address => uint64) private _operatorIdOf;
    uint64[] private _active;
    /// Validators an operator holds a share (or, solo, the key) of; swap-removed.
    mapping(uint64 => uint64[]) private _held;

    mapping(uint64 => Validator) private _validators;
    /// Position i holds share index i + 1. Entry = heldPos << 64 | operatorId, heldPos being the
    /// 1-based position of the validator in _held[operatorId] (kept here: no extra slot per holder).
    mapping(uint64 => uint128[]) private _holders;
    uint64[][3] private _byKind;

    /// (validatorId << 32 | round) => round.
    mapping(uint256 => Round) private _rounds;
    /// (roundKey << 64 | dealer operatorId) => keccak256(commitments || encryptedShares).
    mapping(uint256 => bytes32) private _dealHashes;

    /// Every state-changing entry point: refunds call out to owner addresses mid-way.
    modifier nonReentrant() {
        _lock();
        _;
        _unlock();
    }

    function _lock() private {
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

    constructor(address depositContract_) {
        depositContract = depositContract_;
    }

    // =====================================================================================
    // operators
    // =====================================================================================

    /// @inheritdoc IDvtRegistry
    function registerOperator(bytes calldata shareEncryptionKey, string calldata endpoint)
        external
        override
        nonReentrant
        returns (uint64 operatorId)
    {
        uint64 existing = _operatorIdOf[msg.sender];
        if (existing != 0 && _operators[existing].status != OperatorStatus.Exited) {
            revert AlreadyRegistered(msg.sender, existing);
        }
        if (shareEncryptionKey.length != SHARE_KEY_LENGTH) {
            revert InvalidShareEncryptionKey(
                shareEncryptionKey.length, shareEncryptionKey.length == 0 ? bytes1(0) : shareEncryptionKey[0]
            );
        }
        bytes1 prefix = shareEncryptionKey[0];
        if (prefix != 0x02 && prefix != 0x03) revert InvalidShareEncryptionKey(SHARE_KEY_LENGTH, prefix);
        uint256 endpointLength = bytes(endpoint).length;
        if (endpointLength == 0 || endpointLength > MAX_ENDPOINT_LENGTH) revert InvalidEndpoint(endpointLength);

        operatorId = ++_operatorCount;
        Operator storage o = _operators[operatorId];
        o.owner = msg.sender;
        o.status = OperatorStatus.Active;
        _active.push(operatorId);
        o.activePos = uint32(_active.length);
        o.keyPrefix = prefix;
        o.keyX = bytes32(shareEncryptionKey[1:33]);
        o.endpoint = endpoint;
        _operatorIdOf[msg.sender] = operatorId;
        emit OperatorRegistered(operatorId, msg.sender, shareEncryptionKey, endpoint);

        _autoPromote();
    }

    /// @inheritdoc IDvtRegistry
    function requestOperatorExit() external override nonReentrant {
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

    /// @inheritdoc IDvtRegistry
    function processOperatorExit(uint64 operatorId, uint256 maxSteps)
        external
        override
        nonReentrant
        returns (uint256 remaining)
    {
        OperatorStatus status = _operators[operatorId].status;
        if (status != OperatorStatus.Exiting) revert OperatorNotExiting(operatorId, status);
        remaining = _processExit(operatorId, maxSteps);
        _settleOperatorExit(operatorId);
    }

    // =====================================================================================
    // validators
    // =====================================================================================

    /// @inheritdoc IDvtRegistry
    function requestValidator(uint8 mode, uint8 keyGeneration, bytes32 withdrawalCredentials)
        external
        payable
        override
        nonReentrant
        returns (uint64 validatorId)
    {
        uint64 ownerId = _activeOperatorOf(msg.sender);
        (, uint8 n) = _modeParameters(mode);
        if (mode == uint8(Mode.Solo)) {
            if (keyGeneration != uint8(RoundKind.None)) revert InvalidKeyGeneration(mode, keyGeneration);
        } else if (keyGeneration != uint8(RoundKind.Split) && keyGeneration != uint8(RoundKind.Dkg)) {
            revert InvalidKeyGeneration(mode, keyGeneration);
        }
        if (msg.value != DEPOSIT_AMOUNT) revert WrongValue(msg.value, DEPOSIT_AMOUNT);
        _checkWithdrawalCredentials(withdrawalCredentials);
        Validator storage v;
        ValidatorKind kind;
        (validatorId, v, kind) =
            _newValidator(ownerId, mode, n, keyGeneration, withdrawalCredentials, ValidatorStatus.Requested);
        _admit(validatorId, v, kind, n);
    }

    /// @inheritdoc IDvtRegistry
    function importValidator(bytes calldata publicKey, uint8 mode, bytes32 withdrawalCredentials)
        external
        override
        nonReentrant
        returns (uint64 validatorId)
    {
        uint64 ownerId = _activeOperatorOf(msg.sender);
        (, uint8 n) = _modeParameters(mode);
        _checkWithdrawalCredentials(withdrawalCredentials);
        _checkPublicKey(publicKey);
        uint8 keyGeneration = mode == uint8(Mode.Solo) ? uint8(RoundKind.None) : uint8(RoundKind.Split);
        Validator storage v;
        ValidatorKind kind;
        // Already on the beacon chain: no ETH changes hands and no deposit follows. The key is a claim
        // until a split round completes: its group key must equal it (PublicKeyMismatch otherwise), and
        // only a dealer who knows the secret key can deal shares that pass the receivers' checks.
        (validatorId, v, kind) =
            _newValidator(ownerId, mode, n, keyGeneration, withdrawalCredentials, ValidatorStatus.Deposited);
        emit ValidatorImported(validatorId, ownerId, publicKey);
        _setPublicKey(validatorId, v, publicKey);
        _admit(validatorId, v, kind, n);
    }

    /// Creates the validator record and decides its kind: solo, DVT, or staged (fewer than n active operators).
    function _newValidator(
        uint64 ownerId,
        uint8 mode,
        uint8 n,
        uint8 keyGeneration,
        bytes32 withdrawalCredentials,
        ValidatorStatus status
    ) private returns (uint64 validatorId, Validator storage v, ValidatorKind kind) {
        validatorId = ++_validatorCount;
        v = _validators[validatorId];
        v.owner = ownerId;
        v.mode = mode;
        v.status = status;
        v.keyGeneration = keyGeneration;
        v.withdrawalCredentials = withdrawalCredentials;
        _operators[ownerId].ownedLive += 1;
        if (mode == uint8(Mode.Solo)) {
            kind = ValidatorKind.Solo;
        } else if (_active.length >= n) {
            kind = ValidatorKind.Dvt;
        } else {
            kind = ValidatorKind.Staged;
        }
        emit ValidatorRequested(validatorId, ownerId, mode, kind, keyGeneration, withdrawalCredentials);
    }

    /// Lists a new validator under its kind and, for DVT, picks the other holders and opens the first round.
    function _admit(uint64 validatorId, Validator storage v, ValidatorKind kind, uint8 n) private {
        _addHolder(validatorId, v.owner);
        _pushKind(validatorId, v, kind);
        if (kind == ValidatorKind.Dvt) {
            _enterDvt(validatorId, v, n);
        } else {
            emit HoldersChanged(validatorId, kind, _holderIds(validatorId));
        }
    }

    /// @inheritdoc IDvtRegistry
    function setSoloPublicKey(uint64 validatorId, bytes calldata publicKey) external override nonReentrant {
        Validator storage v = _ownedValidator(validatorId);
        if (v.kind == ValidatorKind.Dvt) revert WrongValidatorKind(validatorId, v.kind);
        if (v.status != ValidatorStatus.Requested) revert WrongValidatorStatus(validatorId, v.status);
        _checkPublicKey(publicKey);
        _setPublicKey(validatorId, v, publicKey);
    }

    /// @inheritdoc IDvtRegistry
    function promoteStaged(uint64 validatorId) external override nonReentrant {
        Validator storage v = _existingValidator(validatorId);
        // Staged implies live: an exit request turns a staged validator into a solo one.
        if (v.kind != ValidatorKind.Staged) revert WrongValidatorKind(validatorId, v.kind);
        OperatorStatus ownerStatus = _operators[v.owner].status;
        if (ownerStatus != OperatorStatus.Active) revert OperatorNotActive(v.owner, ownerStatus);
        (, uint8 n) = _modeParameters(v.mode);
        if (_active.length < n) revert NotEnoughOperators(_active.length, n);
        _promote(validatorId, v, n);
    }

    /// @inheritdoc IDvtRegistry
    function convertToDvt(uint64 validatorId, uint8 mode) external override nonReentrant {
        Validator storage v = _ownedValidator(validatorId);
        if (v.kind != ValidatorKind.Solo) revert WrongValidatorKind(validatorId, v.kind);
        _requireLive(validatorId, v);
        OperatorStatus ownerStatus = _operators[v.owner].status;
        if (ownerStatus != OperatorStatus.Active) revert OperatorNotActive(v.owner, ownerStatus);
        if (mode == uint8(Mode.Solo)) revert InvalidMode(mode);
        (, uint8 n) = _modeParameters(mode);
        v.mode = mode;
        emit ValidatorConvertedToDvt(validatorId, mode);
        if (_active.length >= n) {
            _moveKind(validatorId, v, ValidatorKind.Dvt);
            _enterDvt(validatorId, v, n);
        } else {
            _moveKind(validatorId, v, ValidatorKind.Staged);
            emit HoldersChanged(validatorId, ValidatorKind.Staged, _holderIds(validatorId));
        }
    }

    /// @inheritdoc IDvtRegistry
    function convertToSolo(uint64 validatorId) external override nonReentrant {
        Validator storage v = _ownedValidator(validatorId);
        if (v.kind == ValidatorKind.Solo) revert WrongValidatorKind(validatorId, v.kind);
        _requireLive(validatorId, v);
        _abortOpenRound(validatorId, v);
        emit ValidatorConvertedToSolo(validatorId);
        _becomeSolo(validatorId, v);
    }

    /// @inheritdoc IDvtRegistry
    function deposit(uint64 validatorId, bytes calldata signature, bytes32 depositDataRoot)
        external
        override
        nonReentrant
    {
        // Only the owner: the deposit contract cannot check the signature, and a bad one loses the 32 ETH.
        Validator storage v = _ownedValidator(validatorId);
        if (v.status != ValidatorStatus.Ready) revert WrongValidatorStatus(validatorId, v.status);
        if (signature.length != BLS_SIGNATURE_LENGTH) revert InvalidSignatureLength(signature.length);
        v.status = ValidatorStatus.Deposited;
        bytes memory publicKey = _publicKey(v);
        emit ValidatorDeposited(validatorId, publicKey, signature, depositDataRoot);
        IDepositContract(depositContract).deposit{value: DEPOSIT_AMOUNT}(
            publicKey, abi.encodePacked(v.withdrawalCredentials), signature, depositDataRoot
        );
    }

    /// @inheritdoc IDvtRegistry
    function requestValidatorExit(uint64 validatorId) external override nonReentrant {
        Validator storage v = _ownedValidator(validatorId);
        _requireLive(validatorId, v);
        _exitValidator(validatorId, v);
    }

    /// @inheritdoc IDvtRegistry
    function confirmValidatorExit(uint64 validatorId) external override nonReentrant {
        Validator storage v = _ownedValidator(validatorId);
        if (v.status != ValidatorStatus.ExitRequested) revert WrongValidatorStatus(validatorId, v.status);
        v.status = ValidatorStatus.Exited;
        emit ValidatorExited(validatorId);
        _clearHolders(validatorId, v);
    }

    // =====================================================================================
    // key rounds
    // =====================================================================================

    /// @inheritdoc IDvtRegistry
    function submitDeal(uint64 validatorId, uint32 round, bytes calldata commitments, bytes calldata encryptedShares)
        external
        override
        nonReentrant
    {
        (Round storage r, uint256 roundKey) = _currentRound(validatorId, round);
        if (r.status != RoundStatus.Dealing) revert WrongRoundStatus(validatorId, round, r.status);
        uint64 dealer = _callerOperator();
        (uint64[] memory dealers, uint64[] memory receivers) = _members(validatorId, r);
        uint256 pos = _indexOf(dealers, dealer);
        if (pos == NONE) revert NotDealer(validatorId, round, dealer);
        if (r.dealtBits & _bit(pos) != 0) revert AlreadyDealt(validatorId, round, dealer);
        uint256 expected = COMMITMENT_LENGTH * r.threshold;
        if (commitments.length != expected) revert InvalidCommitmentsLength(commitments.length, expected);
        expected = SHARE_KEY_LENGTH + SHARE_CIPHERTEXT_LENGTH * receivers.length
            + (r.kind == RoundKind.Dkg ? SHARE_CIPHERTEXT_LENGTH : 0);
        if (encryptedShares.length != expected) revert InvalidEncryptedSharesLength(encryptedShares.length, expected);

        _dealHashes[(roundKey << 64) | dealer] = keccak256(abi.encodePacked(commitments, encryptedShares));
        uint16 dealtBits = r.dealtBits | _bit(pos);
        r.dealtBits = dealtBits;
        uint8 dealt = r.dealtCount + 1;
        r.dealtCount = dealt;
        emit DealSubmitted(validatorId, round, dealer, commitments, encryptedShares);
        if (dealt == r.dealersRequired) {
            r.status = RoundStatus.Acking;
            emit DealingClosed(validatorId, round, _flagged(dealers, dealtBits, dealt));
        }
    }

    /// @inheritdoc IDvtRegistry
    function ack(uint64 validatorId, uint32 round, bytes calldata groupPublicKey, bytes32 publicSharesHash)
        external
        override
        nonReentrant
    {
        (Round storage r,) = _currentRound(validatorId, round);
        if (r.status != RoundStatus.Acking) revert WrongRoundStatus(validatorId, round, r.status);
        uint64 receiver = _callerOperator();
        uint256 n = _holders[validatorId].length;
        uint256 pos = _receiverIndex(validatorId, r, receiver);
        if (pos == NONE) revert NotReceiver(validatorId, round, receiver);
        if (r.ackBits & _bit(pos) != 0) revert AlreadyAcked(validatorId, round, receiver);
        if (groupPublicKey.length != BLS_PUBKEY_LENGTH) revert InvalidGroupPublicKeyLength(groupPublicKey.length);

        r.ackBits |= _bit(pos);
        uint8 acks = r.ackCount + 1;
        r.ackCount = acks;
        emit Acked(validatorId, round, receiver, groupPublicKey, publicSharesHash);

        bytes32 digest = keccak256(abi.encodePacked(groupPublicKey, publicSharesHash));
        if (acks == 1) {
            r.ackDigest = digest;
        } else if (digest != r.ackDigest) {
            _failRound(validatorId, round, r, FailureReason.AckMismatch, receiver);
            return;
        }
        if (acks == n) _completeRound(validatorId, round, r, groupPublicKey, publicSharesHash);
    }

    /// @inheritdoc IDvtRegistry
    function complain(uint64 validatorId, uint32 round, uint64 dealerId, bytes calldata evidence)
        external
        override
        nonReentrant
    {
        (Round storage r,) = _currentRound(validatorId, round);
        if (r.status != RoundStatus.Dealing && r.status != RoundStatus.Acking) {
            revert WrongRoundStatus(validatorId, round, r.status);
        }
        uint64 complainer = _callerOperator();
        uint256 pos = _receiverIndex(validatorId, r, complainer);
        if (pos == NONE) revert NotReceiver(validatorId, round, complainer);
        if (r.ackBits & _bit(pos) != 0) revert AlreadyAcked(validatorId, round, complainer);
        (uint64[] memory dealers,) = _members(validatorId, r);
        uint256 dealerPos = _indexOf(dealers, dealerId);
        if (dealerPos == NONE) revert NotDealer(validatorId, round, dealerId);
        if (r.dealtBits & _bit(dealerPos) == 0) revert DealerHasNotDealt(validatorId, round, dealerId);
        if (evidence.length != EVIDENCE_LENGTH) revert InvalidEvidenceLength(evidence.length, EVIDENCE_LENGTH);
        emit Complained(validatorId, round, complainer, dealerId, evidence);
        _failRound(validatorId, round, r, FailureReason.Complaint, dealerId);
    }

    /// @inheritdoc IDvtRegistry
    function expireRound(uint64 validatorId) external override nonReentrant {
        Validator storage v = _existingValidator(validatorId);
        uint32 round = v.currentRound;
        Round storage r = _rounds[_roundKey(validatorId, round)];
        if (r.status != RoundStatus.Dealing && r.status != RoundStatus.Acking) {
            revert WrongRoundStatus(validatorId, round, r.status);
        }
        uint256 deadline = uint256(r.startedAt) + ROUND_EXPIRY;
        if (block.timestamp < deadline) revert RoundNotExpired(validatorId, round, deadline);
        _failRound(validatorId, round, r, FailureReason.Expired, 0);
    }

    /// @inheritdoc IDvtRegistry
    function restartRound(uint64 validatorId) external override nonReentrant returns (uint32 round) {
        Validator storage v = _existingValidator(validatorId);
        uint32 failed = v.currentRound;
        Round storage old = _rounds[_roundKey(validatorId, failed)];
        // The owner restarts any failed round; the leaver of a failed reshare may restart it too,
        // since its own exit waits for it.
        if (
            _operators[v.owner].owner != msg.sender
                && (old.kind != RoundKind.Reshare || _operators[old.leaving].owner != msg.sender)
        ) revert NotValidatorOwner(validatorId, msg.sender);
        _requireLive(validatorId, v);
        if (old.status != RoundStatus.Failed) revert WrongRoundStatus(validatorId, failed, old.status);
        if (old.kind != RoundKind.Reshare) {
            // Same members: the holders have not changed.
            return _startRound(validatorId, v, old.kind, old.threshold, 0, 0);
        }
        // A failed reshare draws a new newcomer (another one when possible): the last one may be
        // the reason it failed. None left at all: the validator reverts to solo.
        _releaseNewcomer(old);
        uint64 leaving = old.leaving;
        uint64[] memory holders = _holderIds(validatorId);
        uint64[] memory exclude = new uint64[](holders.length + 1);
        for (uint256 i = 0; i < holders.length; ++i) {
            exclude[i] = holders[i];
        }
        exclude[holders.length] = old.newcomer;
        uint64[] memory picked = _pick(1, exclude, validatorId, failed + 1);
        if (picked.length == 0) picked = _pick(1, holders, validatorId, failed + 1);
        if (picked.length == 0) {
            emit ValidatorRevertedToSolo(validatorId, leaving);
            _becomeSolo(validatorId, v);
            return failed;
        }
        _operators[picked[0]].othersHeld += 1;
        round = _startRound(validatorId, v, RoundKind.Reshare, old.threshold, leaving, picked[0]);
    }

    // =====================================================================================
    // views
    // =====================================================================================

    /// @inheritdoc IDvtRegistry
    function operatorCount() external view override returns (uint64) {
        return _operatorCount;
    }

    /// @inheritdoc IDvtRegistry
    function validatorCount() external view override returns (uint64) {
        return _validatorCount;
    }

    /// @inheritdoc IDvtRegistry
    function operatorIdOf(address owner) external view override returns (uint64) {
        return _operatorIdOf[owner];
    }

    /// @inheritdoc IDvtRegistry
    function getOperator(uint64 operatorId)
        external
        view
        override
        returns (
            address owner,
            OperatorStatus status,
            bytes memory shareEncryptionKey,
            string memory endpoint,
            uint32 liveOwnedValidators,
            uint32 sharesOfOthers,
            uint256 heldValidators
        )
    {
        Operator storage o = _operators[operatorId];
        if (o.status == OperatorStatus.None) revert UnknownOperator(operatorId);
        owner = o.owner;
        status = o.status;
        shareEncryptionKey = abi.encodePacked(o.keyPrefix, o.keyX);
        endpoint = o.endpoint;
        liveOwnedValidators = o.ownedLive;
        sharesOfOthers = o.othersHeld;
        heldValidators = _held[operatorId].length;
    }

    /// @inheritdoc IDvtRegistry
    function operatorExitBacklog(uint64 operatorId) external view override returns (uint256 backlog) {
        Operator storage o = _operators[operatorId];
        if (o.status != OperatorStatus.Exiting) return 0;
        backlog = o.exitCursor;
        uint256 len = _held[operatorId].length;
        if (backlog > len) backlog = len;
    }

    /// @inheritdoc IDvtRegistry
    function getValidator(uint64 validatorId)
        external
        view
        override
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
            _fundsHeld(v.status)
        );
    }

    /// @inheritdoc IDvtRegistry
    function getValidatorKey(uint64 validatorId)
        external
        view
        override
        returns (bytes memory publicKey, bytes32 publicSharesHash)
    {
        Validator storage v = _existingValidator(validatorId);
        if (v.hasKey) publicKey = _publicKey(v);
        publicSharesHash = v.publicSharesHash;
    }

    /// @inheritdoc IDvtRegistry
    function getHolders(uint64 validatorId) external view override returns (uint64[] memory) {
        _existingValidator(validatorId);
        return _holderIds(validatorId);
    }

    /// @inheritdoc IDvtRegistry
    function getRound(uint64 validatorId, uint32 round) external view override returns (RoundInfo memory info) {
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

    /// @inheritdoc IDvtRegistry
    function roundDeadline(uint64 validatorId, uint32 round) external view override returns (uint256) {
        Round storage r = _rounds[_roundKey(validatorId, round)];
        if (r.status == RoundStatus.None) return 0;
        return uint256(r.startedAt) + ROUND_EXPIRY;
    }

    /// @inheritdoc IDvtRegistry
    function getRoundMembers(uint64 validatorId, uint32 round)
        external
        view
        override
        returns (uint64[] memory dealers, bool[] memory dealt, uint64[] memory receivers, bool[] memory acked)
    {
        Round storage r = _rounds[_roundKey(validatorId, round)];
        if (r.status == RoundStatus.None) return (dealers, dealt, receivers, acked);
        if (r.epoch != _validators[validatorId].holdersEpoch) revert RoundMembersNotStored(validatorId, round);
        (dealers, receivers) = _members(validatorId, r);
        dealt = _bits(r.dealtBits, dealers.length);
        acked = _bits(r.ackBits, receivers.length);
    }

    /// @inheritdoc IDvtRegistry
    function getDealHash(uint64 validatorId, uint32 round, uint64 dealerId) external view override returns (bytes32) {
        return _dealHashes[(_roundKey(validatorId, round) << 64) | dealerId];
    }

    /// @inheritdoc IDvtRegistry
    function validatorsByKind(ValidatorKind kind, uint256 offset, uint256 limit)
        external
        view
        override
        returns (uint64[] memory ids, uint256 total)
    {
        return _page(_byKind[uint8(kind)], offset, limit);
    }

    /// @inheritdoc IDvtRegistry
    function validatorsOfOperator(uint64 operatorId, uint256 offset, uint256 limit)
        external
        view
        override
        returns (uint64[] memory ids, uint256 total)
    {
        return _page(_held[operatorId], offset, limit);
    }

    /// @inheritdoc IDvtRegistry
    function activeOperators() external view override returns (uint64[] memory) {
        return _active;
    }

    /// @inheritdoc IDvtRegistry
    function activeOperatorCount() external view override returns (uint256) {
        return _active.length;
    }

    /// @inheritdoc IDvtRegistry
    function modeParameters(uint8 mode) external pure override returns (uint8 threshold, uint8 size) {
        return _modeParameters(mode);
    }

    // =====================================================================================
    // internals: validators and custody
    // =====================================================================================

    /// Picks n - 1 operators besides the owner, makes them holders (owner first = share index 1)
    /// and opens the first key round. The caller has checked that n operators are active.
    function _enterDvt(uint64 validatorId, Validator storage v, uint8 n) private {
        uint64[] memory exclude = new uint64[](1);
        exclude[0] = v.owner;
        uint64[] memory picked = _pick(n - 1, exclude, validatorId, v.currentRound + 1);
        for (uint256 i = 0; i < picked.length; ++i) {
            uint64 op = picked[i];
            _addHolder(validatorId, op);
            _operators[op].othersHeld += 1;
        }
        _bumpEpoch(v);
        emit HoldersChanged(validatorId, ValidatorKind.Dvt, _holderIds(validatorId));
        (uint8 t,) = _modeParameters(v.mode);
        // A key that exists already (staged or converted solo) is only ever split by the owner, who holds it.
        RoundKind kind =
            (v.hasKey || v.keyGeneration == uint8(RoundKind.None)) ? RoundKind.Split : RoundKind(v.keyGeneration);
        _startRound(validatorId, v, kind, t, 0, 0);
    }

    function _promote(uint64 validatorId, Validator storage v, uint8 n) private {
        emit ValidatorPromoted(validatorId, v.mode);
        _moveKind(validatorId, v, ValidatorKind.Dvt);
        _enterDvt(validatorId, v, n);
    }

    /// Promotes the first eligible staged validators after a registration (bounded; see constants).
    function _autoPromote() private {
        uint64[] storage staged = _byKind[uint8(ValidatorKind.Staged)];
        uint256 activeCount = _active.length;
        uint256 promoted;
        uint256 i;
        for (uint256 scanned = 0; scanned < AUTO_PROMOTE_SCAN && i < staged.length; ++scanned) {
            uint64 validatorId = staged[i];
            Validator storage v = _validators[validatorId];
            (, uint8 n) = _modeParameters(v.mode);
            if (activeCount >= n && _operators[v.owner].status == OperatorStatus.Active) {
                _promote(validatorId, v, n); // swap-removes staged[i]: look at i again
                if (++promoted == AUTO_PROMOTE_MAX) return;
            } else {
                ++i;
            }
        }
    }

    /// Leaves the owner as the only holder and lists the validator as solo.
    function _becomeSolo(uint64 validatorId, Validator storage v) private {
        uint128[] storage holders = _holders[validatorId];
        uint64 owner = v.owner;
        uint128 ownerEntry;
        uint256 len = holders.length;
        for (uint256 i = 0; i < len; ++i) {
            uint128 entry = holders[i];
            if (uint64(entry) == owner) ownerEntry = entry;
            else _releaseShare(uint64(entry), entry >> 64);
        }
        delete _holders[validatorId];
        holders.push(ownerEntry);
        _bumpEpoch(v);
        v.mode = uint8(Mode.Solo);
        _moveKind(validatorId, v, ValidatorKind.Solo);
        emit HoldersChanged(validatorId, ValidatorKind.Solo, _holderIds(validatorId));
    }

    function _clearHolders(uint64 validatorId, Validator storage v) private {
        uint128[] storage holders = _holders[validatorId];
        uint64 owner = v.owner;
        uint256 len = holders.length;
        for (uint256 i = 0; i < len; ++i) {
            uint128 entry = holders[i];
            if (uint64(entry) == owner) _unlistHeld(owner, entry >> 64);
            else _releaseShare(uint64(entry), entry >> 64);
        }
        delete _holders[validatorId];
        _bumpEpoch(v);
        emit HoldersChanged(validatorId, v.kind, new uint64[](0));
    }

    /// A non-owner stops holding a share; an exiting operator may be done after this.
    function _releaseShare(uint64 op, uint256 heldPos) private {
        _unlistHeld(op, heldPos);
        _operators[op].othersHeld -= 1;
        _settleOperatorExit(op);
    }

    function _exitValidator(uint64 validatorId, Validator storage v) private {
        _abortOpenRound(validatorId, v);
        if (v.kind == ValidatorKind.Staged) {
            // Never ran distributed: it leaves the promotion queue and is listed as solo.
            _moveKind(validatorId, v, ValidatorKind.Solo);
            emit HoldersChanged(validatorId, ValidatorKind.Solo, _holderIds(validatorId));
        }
        uint64 owner = v.owner;
        _operators[owner].ownedLive -= 1;
        emit ValidatorExitRequested(validatorId);
        if (v.status == ValidatorStatus.Deposited) {
            v.status = ValidatorStatus.ExitRequested;
        } else {
            v.status = ValidatorStatus.Exited;
            emit ValidatorExited(validatorId);
            _clearHolders(validatorId, v);
            address to = _operators[owner].owner;
            emit ValidatorRefunded(validatorId, to, DEPOSIT_AMOUNT);
            (bool ok,) = to.call{value: DEPOSIT_AMOUNT}("");
            if (!ok) revert RefundFailed(to, DEPOSIT_AMOUNT);
        }
        _settleOperatorExit(owner);
    }

    function _setPublicKey(uint64 validatorId, Validator storage v, bytes calldata publicKey) private {
        v.pubkeyHead = bytes32(publicKey[0:32]);
        v.pubkeyTail = bytes16(publicKey[32:48]);
        v.hasKey = true;
        if (v.status == ValidatorStatus.Requested) v.status = ValidatorStatus.Ready;
        emit PublicKeySet(validatorId, publicKey);
    }

    // =====================================================================================
    // internals: operator exit
    // =====================================================================================

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
        RoundStatus rs = _rounds[_roundKey(validatorId, v.currentRound)].status;
        // A validator busy with a round is handled when that round completes (_afterRoundCompleted).
        if (rs == RoundStatus.Dealing || rs == RoundStatus.Acking || rs == RoundStatus.Failed) return;
        _reshareAway(validatorId, v, operatorId);
    }

    /// Starts a reshare replacing `leaving` by a random active operator outside the set, or reverts
    /// the validator to solo when there is none.
    function _reshareAway(uint64 validatorId, Validator storage v, uint64 leaving) private {
        uint64[] memory picked = _pick(1, _holderIds(validatorId), validatorId, v.currentRound + 1);
        if (picked.length == 0) {
            emit ValidatorRevertedToSolo(validatorId, leaving);
            _becomeSolo(validatorId, v);
            return;
        }
        // The newcomer counts as holding from now on, so that it cannot finish an exit of its own
        // while a share is on its way to it; released if the round is aborted (_abortOpenRound).
        _operators[picked[0]].othersHeld += 1;
        (uint8 t,) = _modeParameters(v.mode);
        _startRound(validatorId, v, RoundKind.Reshare, t, leaving, picked[0]);
    }

    function _settleOperatorExit(uint64 operatorId) private {
        Operator storage o = _operators[operatorId];
        if (o.status == OperatorStatus.Exiting && o.ownedLive == 0 && o.othersHeld == 0) {
            o.status = OperatorStatus.Exited;
            emit OperatorExited(operatorId);
        }
    }

    // =====================================================================================
    // internals: rounds
    // =====================================================================================

    function _startRound(
        uint64 validatorId,
        Validator storage v,
        RoundKind kind,
        uint8 threshold,
        uint64 leaving,
        uint64 newcomer
    ) private returns (uint32 round) {
        round = v.currentRound + 1;
        v.currentRound = round;
        Round storage r = _rounds[_roundKey(validatorId, round)];
        r.kind = kind;
        r.status = RoundStatus.Dealing;
        r.threshold = threshold;
        r.epoch = v.holdersEpoch;
        r.startedAt = uint32(block.timestamp);
        r.leaving = leaving;
        r.newcomer = newcomer;
        (uint64[] memory dealers, uint64[] memory receivers) = _members(validatorId, r);
        r.dealersRequired = kind == RoundKind.Split ? 1 : (kind == RoundKind.Dkg ? uint8(dealers.length) : threshold);
        emit RoundStarted(validatorId, round, kind, threshold, leaving, dealers, receivers);
    }

    function _failRound(uint64 validatorId, uint32 round, Round storage r, FailureReason reason, uint64 operatorId)
        private
    {
        r.status = RoundStatus.Failed;
        emit RoundFailed(validatorId, round, reason, operatorId);
    }

    function _completeRound(
        uint64 validatorId,
        uint32 round,
        Round storage r,
        bytes calldata groupPublicKey,
        bytes32 publicSharesHash
    ) private {
        Validator storage v = _validators[validatorId];
        if (v.hasKey) {
            if (bytes32(groupPublicKey[0:32]) != v.pubkeyHead || bytes16(groupPublicKey[32:48]) != v.pubkeyTail) {
                _failRound(validatorId, round, r, FailureReason.PublicKeyMismatch, 0);
                return;
            }
        } else {
            _setPublicKey(validatorId, v, groupPublicKey);
        }
        v.publicSharesHash = publicSharesHash;
        r.status = RoundStatus.Completed;
        emit RoundCompleted(validatorId, round, groupPublicKey, publicSharesHash);
        if (r.kind == RoundKind.Reshare) _handOver(validatorId, v, r);
        _afterRoundCompleted(validatorId, v);
    }

    /// Reshare done: the newcomer takes the leaver's share index; the leaver deletes its share.
    function _handOver(uint64 validatorId, Validator storage v, Round storage r) private {
        uint64 leaving = r.leaving;
        uint64 newcomer = r.newcomer;
        uint128[] storage holders = _holders[validatorId];
        uint256 i = _holderIndex(validatorId, leaving);
        uint128 leavingEntry = holders[i];
        holders[i] = uint128(_listHeld(newcomer, validatorId) << 64) | newcomer; // counted at reshare start
        r.epoch = _bumpEpoch(v); // members of this completed round still derive from the holders (_members)
        emit HoldersChanged(validatorId, v.kind, _holderIds(validatorId));
        _releaseShare(leaving, leavingEntry >> 64);
    }

    /// After a completed round, the next exiting holder (if any) is reshared away.
    function _afterRoundCompleted(uint64 validatorId, Validator storage v) private {
        if (v.kind != ValidatorKind.Dvt || !_isLive(v.status)) return;
        uint128[] storage holders = _holders[validatorId];
        uint256 len = holders.length;
        for (uint256 i = 0; i < len; ++i) {
            uint64 op = uint64(holders[i]);
            if (op != v.owner && _operators[op].status == OperatorStatus.Exiting) {
                _reshareAway(validatorId, v, op);
                return;
            }
        }
    }

    function _abortOpenRound(uint64 validatorId, Validator storage v) private {
        uint32 round = v.currentRound;
        if (round == 0) return;
        Round storage r = _rounds[_roundKey(validatorId, round)];
        if (r.status == RoundStatus.Dealing || r.status == RoundStatus.Acking || r.status == RoundStatus.Failed) {
            r.status = RoundStatus.Aborted;
            emit RoundAborted(validatorId, round);
            if (r.kind == RoundKind.Reshare) _releaseNewcomer(r);
        }
    }

    /// The newcomer of an abandoned reshare gives up the share it was promised.
    function _releaseNewcomer(Round storage r) private {
        uint64 newcomer = r.newcomer;
        _operators[newcomer].othersHeld -= 1;
        _settleOperatorExit(newcomer);
    }

    /// Dealers and receivers of a round, in share-index order, from the validator's holders:
    /// Split: the owner deals to the holders; Dkg: the holders deal to themselves; Reshare: the
    /// holders but the leaver deal to the holders with the newcomer in the leaver's place (once
    /// completed, the holders already have the newcomer: the dealers are the holders but it).
    /// Valid while r.epoch == holdersEpoch, which always holds for the current round.
    function _members(uint64 validatorId, Round storage r)
        private
        view
        returns (uint64[] memory dealers, uint64[] memory receivers)
    {
        receivers = _holderIds(validatorId);
        RoundKind kind = r.kind;
        if (kind == RoundKind.Split) {
            dealers = new uint64[](1);
            dealers[0] = _validators[validatorId].owner;
        } else if (kind == RoundKind.Dkg) {
            dealers = receivers;
        } else {
            bool completed = r.status == RoundStatus.Completed;
            uint64 out = completed ? r.newcomer : r.leaving;
            uint256 n = receivers.length;
            dealers = new uint64[](n - 1);
            uint256 d;
            for (uint256 i = 0; i < n; ++i) {
                uint64 op = receivers[i];
                if (op == out) {
                    if (!completed) receivers[i] = r.newcomer;
                } else {
                    dealers[d++] = op;
                }
            }
        }
    }

    /// Share index - 1 of `op` among the round's receivers, or NONE.
    function _receiverIndex(uint64 validatorId, Round storage r, uint64 op) private view returns (uint256) {
        if (r.kind == RoundKind.Reshare && r.status != RoundStatus.Completed) {
            if (op == r.leaving) return NONE;
            if (op == r.newcomer) return _holderIndex(validatorId, r.leaving);
        }
        return _holderIndex(validatorId, op);
    }

    function _bumpEpoch(Validator storage v) private returns (uint16 epoch) {
        unchecked {
            epoch = v.holdersEpoch + 1; // only compared for equality: wrapping after 65,536 changes is harmless
        }
        v.holdersEpoch = epoch;
    }

    function _currentRound(uint64 validatorId, uint32 round) private view returns (Round storage r, uint256 key) {
        Validator storage v = _existingValidator(validatorId);
        if (round != v.currentRound || round == 0) revert NotCurrentRound(validatorId, round, v.currentRound);
        key = _roundKey(validatorId, round);
        r = _rounds[key];
    }

    // =====================================================================================
    // internals: random choice
    // =====================================================================================

    /// Draws up to `count` distinct active operators not in `exclude`, uniformly, by a partial
    /// Fisher-Yates shuffle of the active list done virtually (only touched positions are
    /// remembered in memory), so the cost grows with the draws, not with the number of operators.
    /// Returns fewer than `count` only when fewer candidates exist.
    function _pick(uint256 count, uint64[] memory exclude, uint64 validatorId, uint32 round)
        private
        returns (uint64[] memory picked)
    {
        uint256 len = _active.length;
        uint64 nonce = _randomNonce;
        _randomNonce = nonce + 1;
        uint256 seed = uint256(keccak256(abi.encode(block.prevrandao, validatorId, round, nonce)));
        picked = new uint64[](count);
        // Virtual swaps: swaps.pos[k] currently holds the active-list entry originally at swaps.val[k].
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

    // =====================================================================================
    // internals: bookkeeping
    // =====================================================================================

    function _addHolder(uint64 validatorId, uint64 op) private {
        _holders[validatorId].push(uint128(_listHeld(op, validatorId) << 64) | op);
    }

    /// Appends the validator to the operator's list; returns its 1-based position.
    function _listHeld(uint64 op, uint64 validatorId) private returns (uint256 pos) {
        uint64[] storage list = _held[op];
        list.push(validatorId);
        pos = list.length;
    }

    /// Swap-removes position `pos` (1-based) of the operator's list and repoints the holder entry of
    /// the validator moved into that place.
    function _unlistHeld(uint64 op, uint256 pos) private {
        uint64[] storage list = _held[op];
        uint256 last = list.length;
        if (pos != last) {
            uint64 moved = list[last - 1];
            list[pos - 1] = moved;
            _holders[moved][_holderIndex(moved, op)] = uint128(pos << 64) | op;
        }
        list.pop();
    }

    function _holderIndex(uint64 validatorId, uint64 op) private view returns (uint256) {
        uint128[] storage holders = _holders[validatorId];
        uint256 len = holders.length;
        for (uint256 i = 0; i < len; ++i) {
            if (uint64(holders[i]) == op) return i;
        }
        return NONE;
    }

    function _holderIds(uint64 validatorId) private view returns (uint64[] memory ids) {
        uint128[] storage holders = _holders[validatorId];
        uint256 len = holders.length;
        ids = new uint64[](len);
        for (uint256 i = 0; i < len; ++i) {
            ids[i] = uint64(holders[i]);
        }
    }

    function _pushKind(uint64 validatorId, Validator storage v, ValidatorKind kind) private {
        uint64[] storage list = _byKind[uint8(kind)];
        list.push(validatorId);
        v.kind = kind;
        v.kindPos = uint32(list.length);
    }

    function _moveKind(uint64 validatorId, Validator storage v, ValidatorKind kind) private {
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

    // =====================================================================================
    // internals: checks and small helpers
    // =====================================================================================

    function _callerOperator() private view returns (uint64 operatorId) {
        operatorId = _operatorIdOf[msg.sender];
        if (operatorId == 0) revert NotAnOperator(msg.sender);
    }

    function _activeOperatorOf(address caller) private view returns (uint64 operatorId) {
        operatorId = _operatorIdOf[caller];
        if (operatorId == 0) revert NotAnOperator(caller);
        OperatorStatus status = _operators[operatorId].status;
        if (status != OperatorStatus.Active) revert OperatorNotActive(operatorId, status);
    }

    function _existingValidator(uint64 validatorId) private view returns (Validator storage v) {
        v = _validators[validatorId];
        if (v.status == ValidatorStatus.None) revert UnknownValidator(validatorId);
    }

    function _ownedValidator(uint64 validatorId) private view returns (Validator storage v) {
        v = _existingValidator(validatorId);
        if (_operators[v.owner].owner != msg.sender) revert NotValidatorOwner(validatorId, msg.sender);
    }

    function _requireLive(uint64 validatorId, Validator storage v) private view {
        if (!_isLive(v.status)) revert WrongValidatorStatus(validatorId, v.status);
    }

    function _isLive(ValidatorStatus s) private pure returns (bool) {
        return s == ValidatorStatus.Requested || s == ValidatorStatus.Ready || s == ValidatorStatus.Deposited;
    }

    function _fundsHeld(ValidatorStatus s) private pure returns (bool) {
        return s == ValidatorStatus.Requested || s == ValidatorStatus.Ready;
    }

    function _modeParameters(uint8 mode) private pure returns (uint8 threshold, uint8 size) {
        if (mode == uint8(Mode.Solo)) return (1, 1);
        if (mode == uint8(Mode.ThreeOfFour)) return (3, 4);
        if (mode == uint8(Mode.FiveOfSeven)) return (5, 7);
        if (mode == uint8(Mode.SevenOfTen)) return (7, 10);
        if (mode == uint8(Mode.NineOfThirteen)) return (9, 13);
        revert InvalidMode(mode);
    }

    /// 0x00 (BLS) credentials are free-form; 0x01 and 0x02 carry an address after 11 zero bytes.
    function _checkWithdrawalCredentials(bytes32 wc) private pure {
        bytes1 prefix = wc[0];
        if (prefix == 0x00) return;
        if ((prefix == 0x01 || prefix == 0x02) && (uint256(wc) >> 160) & ((uint256(1) << 88) - 1) == 0) return;
        revert InvalidWithdrawalCredentials(wc);
    }

    /// Compressed G1 encoding: 48 bytes, compression flag set, infinity flag clear.
    function _checkPublicKey(bytes calldata publicKey) private pure {
        bytes1 flags = publicKey.length == 0 ? bytes1(0) : publicKey[0];
        if (publicKey.length != BLS_PUBKEY_LENGTH || flags & 0x80 == 0 || flags & 0x40 != 0) {
            revert InvalidPublicKey(publicKey.length, flags);
        }
    }

    function _publicKey(Validator storage v) private view returns (bytes memory) {
        return abi.encodePacked(v.pubkeyHead, v.pubkeyTail);
    }

    function _roundKey(uint64 validatorId, uint32 round) private pure returns (uint256) {
        return (uint256(validatorId) << 32) | round;
    }

    function _indexOf(uint64[] memory list, uint64 value) private pure returns (uint256) {
        for (uint256 i = 0; i < list.length; ++i) {
            if (list[i] == value) return i;
        }
        return NONE;
    }

    function _flagged(uint64[] memory list, uint16 bits, uint256 count) private pure returns (uint64[] memory out) {
        out = new uint64[](count);
        uint256 k;
        for (uint256 i = 0; i < list.length; ++i) {
            if (bits & _bit(i) != 0) out[k++] = list[i];
        }
    }

    function _bit(uint256 pos) private pure returns (uint16) {
        return uint16(1 << pos);
    }

    function _bits(uint16 bits, uint256 len) private pure returns (bool[] memory out) {
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
