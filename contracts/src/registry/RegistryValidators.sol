// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

import {RegistryRounds} from "./RegistryRounds.sol";
import {IDepositContract} from "../IDepositContract.sol";
import {Mode, ValidatorKind, ValidatorStatus, OperatorStatus, RoundKind} from "../DvtTypes.sol";

/// @notice Validators and their custody: requests and imports, solo keys, promotion and conversion
/// between solo and DVT, deposits, exits and refunds, and the owner's fee recipient.
abstract contract RegistryValidators is RegistryRounds {
    /// See IDvtRegistry.
    function requestValidator(uint8 mode, uint8 keyGeneration, bytes32 withdrawalCredentials)
        external
        payable
        virtual
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
        _admit(validatorId, v, kind);
    }

    /// See IDvtRegistry.
    function importValidator(
        bytes calldata publicKey,
        uint8 mode,
        bytes32 withdrawalCredentials,
        uint64 highestSignedBlockSlot,
        uint64 highestSourceEpoch,
        uint64 highestTargetEpoch
    ) external virtual nonReentrant returns (uint64 validatorId) {
        uint64 ownerId = _activeOperatorOf(msg.sender);
        (, uint8 n) = _modeParameters(mode);
        _checkWithdrawalCredentials(withdrawalCredentials);
        _checkPublicKey(publicKey);
        if (highestSourceEpoch > highestTargetEpoch) revert InvalidWatermarks(highestSourceEpoch, highestTargetEpoch);
        uint8 keyGeneration = mode == uint8(Mode.Solo) ? uint8(RoundKind.None) : uint8(RoundKind.Split);
        Validator storage v;
        ValidatorKind kind;
        // Already on the beacon chain: no ETH changes hands and no deposit follows. The key is a claim
        // until a split round completes: its group key must equal it (PublicKeyMismatch otherwise), and
        // only a dealer who knows the secret key can deal shares that pass the receivers' checks.
        (validatorId, v, kind) =
            _newValidator(ownerId, mode, n, keyGeneration, withdrawalCredentials, ValidatorStatus.Deposited);
        emit ValidatorImported(
            validatorId, ownerId, publicKey, highestSignedBlockSlot, highestSourceEpoch, highestTargetEpoch
        );
        _setPublicKey(validatorId, v, publicKey);
        _admit(validatorId, v, kind);
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

    /// Lists a new validator under its kind and, for DVT, asks for its other holders to be drawn.
    function _admit(uint64 validatorId, Validator storage v, ValidatorKind kind) private {
        _addHolder(validatorId, v, v.owner);
        _pushKind(validatorId, v, kind);
        emit HoldersChanged(validatorId, kind, _holderIds(validatorId));
        if (kind == ValidatorKind.Dvt) _armDraw(validatorId, v);
    }

    /// See IDvtRegistry.
    function setSoloPublicKey(uint64 validatorId, bytes calldata publicKey) external virtual nonReentrant {
        Validator storage v = _ownedValidator(validatorId);
        if (v.kind == ValidatorKind.Dvt) revert WrongValidatorKind(validatorId, v.kind);
        if (v.status != ValidatorStatus.Requested) revert WrongValidatorStatus(validatorId, v.status);
        _checkPublicKey(publicKey);
        _setPublicKey(validatorId, v, publicKey);
    }

    /// See IDvtRegistry.
    function promoteStaged(uint64 validatorId) external virtual nonReentrant {
        Validator storage v = _existingValidator(validatorId);
        // Staged implies live: an exit request turns a staged validator into a solo one.
        if (v.kind != ValidatorKind.Staged) revert WrongValidatorKind(validatorId, v.kind);
        OperatorStatus ownerStatus = _operators[v.owner].status;
        if (ownerStatus != OperatorStatus.Active) revert OperatorNotActive(v.owner, ownerStatus);
        (, uint8 n) = _modeParameters(v.mode);
        if (_active.length < n) revert NotEnoughOperators(_active.length, n);
        emit ValidatorPromoted(validatorId, v.mode);
        _moveKind(validatorId, v, ValidatorKind.Dvt);
        _armDraw(validatorId, v);
    }

    /// See IDvtRegistry.
    function convertToDvt(uint64 validatorId, uint8 mode) external virtual nonReentrant {
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
            emit HoldersChanged(validatorId, ValidatorKind.Dvt, _holderIds(validatorId));
            _armDraw(validatorId, v);
        } else {
            _moveKind(validatorId, v, ValidatorKind.Staged);
            emit HoldersChanged(validatorId, ValidatorKind.Staged, _holderIds(validatorId));
        }
    }

    /// See IDvtRegistry.
    function convertToSolo(uint64 validatorId) external virtual nonReentrant {
        Validator storage v = _ownedValidator(validatorId);
        if (v.kind == ValidatorKind.Solo) revert WrongValidatorKind(validatorId, v.kind);
        _requireLive(validatorId, v);
        _abortOpenRound(validatorId, v);
        emit ValidatorConvertedToSolo(validatorId);
        _becomeSolo(validatorId, v);
    }

    /// See IDvtRegistry.
    function deposit(uint64 validatorId, bytes calldata publicKey, bytes calldata signature, bytes32 depositDataRoot)
        external
        virtual
        nonReentrant
    {
        // Only the owner: the deposit contract cannot check the signature, and a bad one loses the 32 ETH.
        Validator storage v = _ownedValidator(validatorId);
        if (v.status != ValidatorStatus.Ready) revert WrongValidatorStatus(validatorId, v.status);
        // The key is not stored (see Validator.keyBlock): the caller passes it, and it must be the one
        // that maps to this validator (Ready: its key is set and live, so it maps here and nowhere else).
        if (publicKey.length != BLS_PUBKEY_LENGTH || _validatorOfKey[keccak256(publicKey)] != validatorId) {
            revert NotValidatorKey(validatorId);
        }
        if (signature.length != BLS_SIGNATURE_LENGTH) revert InvalidSignatureLength(signature.length);
        v.status = ValidatorStatus.Deposited;
        emit ValidatorDeposited(validatorId, publicKey, signature, depositDataRoot);
        IDepositContract(depositContract).deposit{value: DEPOSIT_AMOUNT}(
            publicKey, abi.encodePacked(v.withdrawalCredentials), signature, depositDataRoot
        );
    }

    /// See IDvtRegistry.
    function requestValidatorExit(uint64 validatorId) external virtual nonReentrant {
        Validator storage v = _ownedValidator(validatorId);
        _requireLive(validatorId, v);
        _exitValidator(validatorId, v);
    }

    /// See IDvtRegistry.
    function confirmValidatorExit(uint64 validatorId) external virtual nonReentrant {
        Validator storage v = _ownedValidator(validatorId);
        if (v.status != ValidatorStatus.ExitRequested) revert WrongValidatorStatus(validatorId, v.status);
        _markExited(validatorId, v);
    }

    /// See IDvtRegistry.
    function setFeeRecipient(uint64 validatorId, address recipient) external virtual nonReentrant {
        Validator storage v = _ownedValidator(validatorId);
        _requireLive(validatorId, v);
        _feeRecipients[validatorId] = recipient;
        emit FeeRecipientSet(validatorId, recipient);
    }

    /// See IDvtRegistry.
    function feeRecipient(uint64 validatorId) external view virtual returns (address) {
        Validator storage v = _existingValidator(validatorId);
        address set = _feeRecipients[validatorId];
        if (set != address(0)) return set;
        bytes32 wc = v.withdrawalCredentials;
        // 0x01/0x02 credentials name the withdrawal address; 0x00 (BLS) ones name none: the owner's address.
        if (wc[0] != 0x00) return address(uint160(uint256(wc)));
        return _operators[v.owner].owner;
    }

    function _exitValidator(uint64 validatorId, Validator storage v) internal {
        // Holders still to be drawn: no round of this holder set ever completed, so the owner alone holds the key.
        bool drawing = v.drawBlock != 0;
        _abortOpenRound(validatorId, v);
        if (v.kind == ValidatorKind.Staged) {
            // Never ran distributed: it leaves the promotion queue and is listed as solo.
            _moveKind(validatorId, v, ValidatorKind.Solo);
            emit HoldersChanged(validatorId, ValidatorKind.Solo, _holderIds(validatorId));
        } else if (drawing) {
            _becomeSolo(validatorId, v);
        }
        uint64 owner = v.owner;
        _operators[owner].ownedLive -= 1;
        emit ValidatorExitRequested(validatorId);
        if (v.status == ValidatorStatus.Deposited) {
            v.status = ValidatorStatus.ExitRequested;
        } else {
            _markExited(validatorId, v);
            address to = _operators[owner].owner;
            emit ValidatorRefunded(validatorId, to, DEPOSIT_AMOUNT);
            (bool ok,) = to.call{value: DEPOSIT_AMOUNT}("");
            if (!ok) revert RefundFailed(to, DEPOSIT_AMOUNT);
        }
        _settleOperatorExit(owner);
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
}
