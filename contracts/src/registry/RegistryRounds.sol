// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

import {RegistryDraws} from "./RegistryDraws.sol";
import {ValidatorKind, OperatorStatus, RoundKind, RoundStatus, FailureReason} from "../DvtTypes.sol";

/// @notice Key rounds: deals, acks, complaints and their rulings, expiry, restarts that replace the
/// members judged at fault, and reshares. docs/PROTOCOL.md describes the state machine.
abstract contract RegistryRounds is RegistryDraws {
    /// See IDvtRegistry.
    function submitDeal(uint64 validatorId, uint32 round, bytes calldata commitments, bytes calldata encryptedShares)
        external
        virtual
        nonReentrant
    {
        (Round storage r,) = _currentRound(validatorId, round);
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

        // The deal is in DealSubmitted only: nothing on chain reads it again (complaints are judged by the
        // receivers from the event), and a stored hash would cost a fresh slot per deal.
        uint16 dealtBits = r.dealtBits | _bit(pos);
        r.dealtBits = dealtBits;
        uint8 dealt = r.dealtCount + 1;
        r.dealtCount = dealt;
        emit DealSubmitted(validatorId, round, dealer, commitments, encryptedShares);
        if (dealt == r.dealersRequired) {
            r.status = RoundStatus.Acking;
            uint64[] memory used = new uint64[](dealt);
            uint256 k;
            for (uint256 i = 0; i < dealers.length; ++i) {
                if (dealtBits & _bit(i) != 0) used[k++] = dealers[i];
            }
            emit DealingClosed(validatorId, round, used);
        }
    }

    /// See IDvtRegistry.
    function ack(uint64 validatorId, uint32 round, bytes calldata groupPublicKey, bytes32 publicSharesHash)
        external
        virtual
        nonReentrant
    {
        (Round storage r,) = _currentRound(validatorId, round);
        if (r.status != RoundStatus.Acking) revert WrongRoundStatus(validatorId, round, r.status);
        uint64 receiver = _callerOperator();
        uint256 n = _validators[validatorId].holderCount;
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

    /// See IDvtRegistry.
    function complain(uint64 validatorId, uint32 round, uint64 dealerId, bytes calldata evidence)
        external
        virtual
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
        r.complainer = complainer;
        r.accused = dealerId;
        emit Complained(validatorId, round, complainer, dealerId, evidence);
        _failRound(validatorId, round, r, FailureReason.Complaint, dealerId);
    }

    /// See IDvtRegistry.
    function judgeComplaint(uint64 validatorId, uint32 round, bool dealerAtFault) external virtual nonReentrant {
        (Round storage r,) = _currentRound(validatorId, round);
        uint64 complainer = r.complainer;
        if (r.status != RoundStatus.Failed || complainer == 0) revert NoComplaint(validatorId, round);
        if (_validators[validatorId].drawBlock != 0) revert DrawIsPending(validatorId);
        uint64 judge = _callerOperator();
        uint64 accused = r.accused;
        uint256 pos = _receiverIndex(validatorId, r, judge);
        if (pos == NONE || judge == complainer || judge == accused) revert NotAJudge(validatorId, round, judge);
        uint16 bit = _bit(pos);
        if ((r.votesDealer | r.votesComplainer) & bit != 0) revert AlreadyJudged(validatorId, round, judge);
        uint16 votes;
        if (dealerAtFault) votes = r.votesDealer = r.votesDealer | bit;
        else votes = r.votesComplainer = r.votesComplainer | bit;
        emit ComplaintJudged(validatorId, round, judge, dealerAtFault);
        // Judges: the receivers other than the two parties; a strict majority of them rules.
        uint256 judges = _validators[validatorId].holderCount - (_receiverIndex(validatorId, r, accused) == NONE ? 1 : 2);
        if (_popCount(votes) == judges / 2 + 1) _judgeAtFault(validatorId, round, r, dealerAtFault ? accused : complainer);
    }

    /// See IDvtRegistry.
    function expireRound(uint64 validatorId) external virtual nonReentrant {
        Validator storage v = _existingValidator(validatorId);
        uint32 round = v.currentRound;
        Round storage r = _rounds[_roundKey(validatorId, round)];
        RoundStatus status = r.status;
        if (status != RoundStatus.Dealing && status != RoundStatus.Acking) {
            revert WrongRoundStatus(validatorId, round, status);
        }
        uint256 deadline = uint256(r.startedAt) + ROUND_EXPIRY;
        if (block.timestamp < deadline) revert RoundNotExpired(validatorId, round, deadline);
        _failRound(validatorId, round, r, FailureReason.Expired, 0);
        if (r.kind == RoundKind.Reshare) return; // a restarted reshare draws another newcomer anyway
        // Silence is a fault: the dealers that did not deal, or the receivers that did not ack.
        (uint64[] memory dealers, uint64[] memory receivers) = _members(validatorId, r);
        bool dealing = status == RoundStatus.Dealing;
        uint64[] memory members = dealing ? dealers : receivers;
        uint16 done = dealing ? r.dealtBits : r.ackBits;
        for (uint256 i = 0; i < members.length; ++i) {
            if (done & _bit(i) == 0) _judgeAtFault(validatorId, round, r, members[i]);
        }
    }

    /// See IDvtRegistry.
    function restartRound(uint64 validatorId) external virtual nonReentrant returns (uint32 round) {
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
        if (v.drawBlock != 0) revert DrawIsPending(validatorId);
        if (old.kind != RoundKind.Reshare) return _restartReplacingFaults(validatorId, v, old, failed);
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
        uint64[] memory picked = _pick(1, exclude, validatorId, v);
        if (picked.length == 0) picked = _pick(1, holders, validatorId, v);
        if (picked.length == 0) {
            emit ValidatorRevertedToSolo(validatorId, leaving);
            _becomeSolo(validatorId, v);
            return failed;
        }
        _operators[picked[0]].othersHeld += 1;
        round = _startRound(validatorId, v, RoundKind.Reshare, old.threshold, leaving, picked[0]);
    }

    /// Split/Dkg: without faults the same members deal again. Members judged at fault give up their
    /// place and replacements are drawn (drawHolders opens the round); an owner at fault cannot be
    /// replaced on its own validator: it may convert it to solo or exit it.
    function _restartReplacingFaults(uint64 validatorId, Validator storage v, Round storage old, uint32 failed)
        private
        returns (uint32)
    {
        uint16 faults = old.faultBits;
        if (faults == 0) return _startRound(validatorId, v, old.kind, old.threshold, 0, 0);
        uint128[MAX_HOLDERS] storage holders = _holders[validatorId];
        uint256 len = v.holderCount;
        uint128[] memory kept = new uint128[](len);
        uint256 k;
        for (uint256 i = 0; i < len; ++i) {
            uint128 entry = holders[i];
            if (faults & _bit(i) == 0) {
                kept[k++] = entry;
            } else {
                if (uint64(entry) == v.owner) revert OwnerAtFault(validatorId);
                _drawExclusions[validatorId].push(uint64(entry));
                _releaseShare(uint64(entry), entry >> 64);
            }
        }
        for (uint256 i = 0; i < k; ++i) {
            holders[i] = kept[i];
        }
        _truncateHolders(validatorId, v, k);
        _bumpEpoch(v);
        emit HoldersChanged(validatorId, ValidatorKind.Dvt, _holderIds(validatorId));
        _armDraw(validatorId, v);
        return failed;
    }

    // ------------------------------------------------------------------ internals

    function _judgeAtFault(uint64 validatorId, uint32 round, Round storage r, uint64 op) private {
        uint256 pos = _receiverIndex(validatorId, r, op);
        if (pos == NONE) return;
        r.faultBits |= _bit(pos);
        emit MemberAtFault(validatorId, round, op);
    }

    function _startRound(
        uint64 validatorId,
        Validator storage v,
        RoundKind kind,
        uint8 threshold,
        uint64 leaving,
        uint64 newcomer
    ) internal override returns (uint32 round) {
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
        if (v.keyBlock != 0) {
            // The validator's key maps to it (a live key exists once): a different key maps elsewhere or nowhere.
            if (_validatorOfKey[keccak256(groupPublicKey)] != validatorId) {
                _failRound(validatorId, round, r, FailureReason.PublicKeyMismatch, 0);
                return;
            }
        } else {
            uint64 holder = _liveHolderOfKey(keccak256(groupPublicKey));
            if (holder != 0) {
                // Only the dealer of a split can aim at a known key (a DKG sum is nobody's choice): the owner.
                _failRound(validatorId, round, r, FailureReason.PublicKeyInUse, holder);
                _judgeAtFault(validatorId, round, r, v.owner);
                return;
            }
            _setPublicKey(validatorId, v, groupPublicKey);
        }
        // The public shares' hash is in this event only (and in every Acked): nothing on chain reads it.
        r.status = RoundStatus.Completed;
        emit RoundCompleted(validatorId, round, groupPublicKey, publicSharesHash);
        if (r.kind == RoundKind.Reshare) _handOver(validatorId, v, r);
        _afterRoundCompleted(validatorId, v);
    }

    /// Reshare done: the newcomer takes the leaver's share index; the leaver deletes its share.
    function _handOver(uint64 validatorId, Validator storage v, Round storage r) private {
        uint64 leaving = r.leaving;
        uint64 newcomer = r.newcomer;
        uint128[MAX_HOLDERS] storage holders = _holders[validatorId];
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
        uint128[MAX_HOLDERS] storage holders = _holders[validatorId];
        uint256 len = v.holderCount;
        for (uint256 i = 0; i < len; ++i) {
            uint64 op = uint64(holders[i]);
            if (op != v.owner && _operators[op].status == OperatorStatus.Exiting) {
                _reshareAway(validatorId, v, op);
                return;
            }
        }
    }

    /// Starts a reshare replacing `leaving` by a drawn operator outside the set (from the owner's
    /// allow-list if it has one), or reverts the validator to solo when there is none.
    function _reshareAway(uint64 validatorId, Validator storage v, uint64 leaving) internal {
        uint64[] memory picked = _pick(1, _holderIds(validatorId), validatorId, v);
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

    function _abortOpenRound(uint64 validatorId, Validator storage v) internal override {
        if (v.drawBlock != 0) {
            v.drawBlock = 0;
            delete _drawExclusions[validatorId];
        }
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
        internal
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
    function _receiverIndex(uint64 validatorId, Round storage r, uint64 op) internal view returns (uint256) {
        if (r.kind == RoundKind.Reshare && r.status != RoundStatus.Completed) {
            if (op == r.leaving) return NONE;
            if (op == r.newcomer) return _holderIndex(validatorId, r.leaving);
        }
        return _holderIndex(validatorId, op);
    }

    function _currentRound(uint64 validatorId, uint32 round) private view returns (Round storage r, uint256 key) {
        Validator storage v = _existingValidator(validatorId);
        if (round != v.currentRound || round == 0) revert NotCurrentRound(validatorId, round, v.currentRound);
        key = _roundKey(validatorId, round);
        r = _rounds[key];
    }
}
