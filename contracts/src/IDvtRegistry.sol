// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

import {
    ValidatorKind,
    ValidatorStatus,
    OperatorStatus,
    RoundKind,
    RoundStatus,
    FailureReason,
    RoundInfo
} from "./DvtTypes.sol";

/// @notice The registry's events and refusals, shared by both of its contracts (DvtRegistry and the
/// RegistryMaintenance it delegates its rarely used calls to).
interface IDvtRegistryEvents {
    // ------------------------------------------------------------------ events: operators
    event OperatorRegistered(
        uint64 indexed operatorId, address indexed owner, bytes shareEncryptionKey, string endpoint
    );
    event OperatorEndpointUpdated(uint64 indexed operatorId, string endpoint);
    /// Deals of rounds started from now on are encrypted to the new key.
    event ShareEncryptionKeyRotated(uint64 indexed operatorId, bytes shareEncryptionKey);
    /// The operators the owner's validators' holders are drawn from from now on (empty: any active operator).
    event DrawAllowListSet(uint64 indexed ownerOperatorId, uint64[] operatorIds);
    event OperatorExitRequested(uint64 indexed operatorId, uint256 heldValidators);
    event OperatorExited(uint64 indexed operatorId);

    // ------------------------------------------------------------------ events: validators
    event ValidatorRequested(
        uint64 indexed validatorId,
        uint64 indexed ownerOperatorId,
        uint8 mode,
        ValidatorKind kind,
        uint8 keyGeneration,
        bytes32 withdrawalCredentials
    );
    /// An existing beacon-chain validator was brought in by importValidator (follows ValidatorRequested).
    /// The watermarks are the low watermarks of the imported EIP-3076 history (0 where it has none):
    /// every holder refuses to sign at or below them.
    event ValidatorImported(
        uint64 indexed validatorId,
        uint64 indexed ownerOperatorId,
        bytes publicKey,
        uint64 highestSignedBlockSlot,
        uint64 highestSourceEpoch,
        uint64 highestTargetEpoch
    );
    /// The validator's missing holders are drawn by drawHolders, callable by anyone from `drawBlock` on.
    event DrawPending(uint64 indexed validatorId, uint64 drawBlock);
    /// 0: back to the default (feeRecipient).
    event FeeRecipientSet(uint64 indexed validatorId, address feeRecipient);
    /// Holders changed (assignment, promotion, reshare completion, revert or conversion to solo, exit).
    /// Position i (0-based) is share index i + 1. Empty after the validator exited.
    event HoldersChanged(uint64 indexed validatorId, ValidatorKind kind, uint64[] holders);
    event ValidatorPromoted(uint64 indexed validatorId, uint8 mode);
    event ValidatorConvertedToDvt(uint64 indexed validatorId, uint8 mode);
    event ValidatorConvertedToSolo(uint64 indexed validatorId);
    event ValidatorRevertedToSolo(uint64 indexed validatorId, uint64 indexed leavingOperatorId);
    event PublicKeySet(uint64 indexed validatorId, bytes publicKey);
    event ValidatorDeposited(uint64 indexed validatorId, bytes publicKey, bytes signature, bytes32 depositDataRoot);
    event ValidatorExitRequested(uint64 indexed validatorId);
    event ValidatorExited(uint64 indexed validatorId);
    event ValidatorRefunded(uint64 indexed validatorId, address indexed to, uint256 amount);

    // ------------------------------------------------------------------ events: key rounds
    event RoundStarted(
        uint64 indexed validatorId,
        uint32 indexed round,
        RoundKind kind,
        uint8 threshold,
        uint64 leavingOperatorId,
        uint64[] dealers,
        uint64[] receivers
    );
    event DealSubmitted(
        uint64 indexed validatorId,
        uint32 indexed round,
        uint64 indexed dealerId,
        bytes commitments,
        bytes encryptedShares
    );
    /// The required number of deals is in; dealing is closed and `dealers` (in dealer-list order) are the ones used.
    event DealingClosed(uint64 indexed validatorId, uint32 indexed round, uint64[] dealers);
    event Acked(
        uint64 indexed validatorId,
        uint32 indexed round,
        uint64 indexed operatorId,
        bytes groupPublicKey,
        bytes32 publicSharesHash
    );
    event Complained(
        uint64 indexed validatorId, uint32 indexed round, uint64 indexed complainerId, uint64 dealerId, bytes evidence
    );
    /// A judge (a receiver other than the two parties) read the complaint's evidence.
    event ComplaintJudged(uint64 indexed validatorId, uint32 indexed round, uint64 indexed judgeId, bool dealerAtFault);
    /// The member is at fault for the round's failure (complaint ruling, silence at expiry, a split to a
    /// live key); a restart replaces it.
    event MemberAtFault(uint64 indexed validatorId, uint32 indexed round, uint64 indexed operatorId);
    event RoundFailed(uint64 indexed validatorId, uint32 indexed round, FailureReason reason, uint64 operatorId);
    event RoundCompleted(
        uint64 indexed validatorId, uint32 indexed round, bytes groupPublicKey, bytes32 publicSharesHash
    );
    event RoundAborted(uint64 indexed validatorId, uint32 indexed round);

    // ------------------------------------------------------------------ errors
    error NotAnOperator(address caller);
    error OperatorNotActive(uint64 operatorId, OperatorStatus status);
    error OperatorNotExiting(uint64 operatorId, OperatorStatus status);
    error AlreadyRegistered(address owner, uint64 operatorId);
    error InvalidShareEncryptionKey(uint256 length, bytes1 prefix);
    error InvalidEndpoint(uint256 length);
    error UnknownOperator(uint64 operatorId);
    error InvalidMode(uint8 mode);
    error InvalidKeyGeneration(uint8 mode, uint8 keyGeneration);
    error WrongValue(uint256 sent, uint256 required);
    error InvalidWithdrawalCredentials(bytes32 withdrawalCredentials);
    error UnknownValidator(uint64 validatorId);
    error NotValidatorOwner(uint64 validatorId, address caller);
    error WrongValidatorStatus(uint64 validatorId, ValidatorStatus status);
    error WrongValidatorKind(uint64 validatorId, ValidatorKind kind);
    error InvalidPublicKey(uint256 length, bytes1 flags);
    error InvalidSignatureLength(uint256 length);
    error NotEnoughOperators(uint256 active, uint256 needed);
    error NotCurrentRound(uint64 validatorId, uint32 round, uint32 currentRound);
    error WrongRoundStatus(uint64 validatorId, uint32 round, RoundStatus status);
    /// Members of a round older than the validator's last change of holders: read its RoundStarted event.
    error RoundMembersNotStored(uint64 validatorId, uint32 round);
    error RoundNotExpired(uint64 validatorId, uint32 round, uint256 deadline);
    error NotDealer(uint64 validatorId, uint32 round, uint64 operatorId);
    error NotReceiver(uint64 validatorId, uint32 round, uint64 operatorId);
    error AlreadyDealt(uint64 validatorId, uint32 round, uint64 dealerId);
    error DealerHasNotDealt(uint64 validatorId, uint32 round, uint64 dealerId);
    error AlreadyAcked(uint64 validatorId, uint32 round, uint64 operatorId);
    error InvalidCommitmentsLength(uint256 length, uint256 expected);
    error InvalidEncryptedSharesLength(uint256 length, uint256 expected);
    error InvalidGroupPublicKeyLength(uint256 length);
    error InvalidEvidenceLength(uint256 length, uint256 expected);
    error RefundFailed(address to, uint256 amount);
    error Reentrancy();
    /// The public key is live in the registry as validator `validatorId`.
    error PublicKeyInUse(uint64 validatorId);
    /// deposit: the public key passed is not this validator's.
    error NotValidatorKey(uint64 validatorId);
    error BlockNumberTooLarge(uint256 blockNumber);
    error InvalidWatermarks(uint64 highestSourceEpoch, uint64 highestTargetEpoch);
    error NoDrawPending(uint64 validatorId);
    error DrawNotDue(uint64 validatorId, uint64 drawBlock);
    error DrawIsPending(uint64 validatorId);
    error AllowListTooLong(uint256 length, uint256 max);
    error DuplicateOperator(uint64 operatorId);
    error NoComplaint(uint64 validatorId, uint32 round);
    error NotAJudge(uint64 validatorId, uint32 round, uint64 operatorId);
    error AlreadyJudged(uint64 validatorId, uint32 round, uint64 operatorId);
    /// The owner itself is at fault for the failed round: it may convert the validator to solo or exit it.
    error OwnerAtFault(uint64 validatorId);
    /// RegistryMaintenance was called directly: its calls run only inside the registry (delegatecall).
    error DelegateCallOnly();

}

/// @notice The registry's whole public surface: every transaction, event, refusal and view.
/// docs/PROTOCOL.md explains who sends what and when. Mode and key-generation arguments are
/// uint8 so that a bad value is refused with a custom error naming it (an enum argument would
/// make the ABI decoder revert without data).
interface IDvtRegistry is IDvtRegistryEvents {
    // ------------------------------------------------------------------ operators
    /// Sender: the operator's address (one live operator per address). Key: 33-byte compressed
    /// secp256k1 point deals are encrypted to; endpoint: 1..256 bytes. Promotes up to 4 staged validators.
    function registerOperator(bytes calldata shareEncryptionKey, string calldata endpoint)
        external
        returns (uint64 operatorId);
    /// Sender: a registered operator that has not exited. Peers reach its signer at the new URL from now on.
    function updateOperatorEndpoint(string calldata endpoint) external;
    /// Sender: a registered operator that has not exited. Rounds started from now on encrypt its shares
    /// to the new key; shares it holds already stay valid (no reshare).
    function rotateShareEncryptionKey(bytes calldata shareEncryptionKey) external;
    /// Sender: an operator, for the validators it owns. Their holders (first draws, replacements,
    /// reshare newcomers) are drawn only from these operators' active ones; empty: any active operator.
    /// At most 64 known operators, no repeats.
    function setDrawAllowList(uint64[] calldata operatorIds) external;
    /// Sender: an active operator. Its own validators exit, its shares elsewhere are reshared to random
    /// operators (or the validator reverts to solo); the first 8 validators are handled here.
    function requestOperatorExit() external;
    /// Sender: anyone. Continues an operator's exit work by up to maxSteps validators; returns what is left.
    function processOperatorExit(uint64 operatorId, uint256 maxSteps) external returns (uint256 remaining);

    // ------------------------------------------------------------------ validators
    /// Sender: an active operator (the owner), with exactly 32 ETH. mode: Mode value; keyGeneration:
    /// 0 for solo, Split (1) or Dkg (2) otherwise. DVT with fewer than n active operators is staged.
    function requestValidator(uint8 mode, uint8 keyGeneration, bytes32 withdrawalCredentials)
        external
        payable
        returns (uint64 validatorId);
    /// Sender: an active operator (the owner), for a validator already active on the beacon chain (moving a
    /// live solo validator in: no ETH, no deposit). Solo mode just records it; a DVT mode draws holders
    /// and opens a split round from the owner's key (staged if too few operators), whose group key must
    /// equal `publicKey`. The watermarks (ValidatorImported) are the imported EIP-3076 history's highest
    /// signed block slot, source epoch and target epoch, 0 where it has none. Refused (PublicKeyInUse)
    /// when the key is live here already.
    function importValidator(
        bytes calldata publicKey,
        uint8 mode,
        bytes32 withdrawalCredentials,
        uint64 highestSignedBlockSlot,
        uint64 highestSourceEpoch,
        uint64 highestTargetEpoch
    ) external returns (uint64 validatorId);
    /// Sender: anyone, from the DrawPending block on. Draws the validator's missing holders from this
    /// block's prevrandao and opens its key round.
    function drawHolders(uint64 validatorId) external;
    /// Sender: the owner of a live validator. 0 restores the default.
    function setFeeRecipient(uint64 validatorId, address recipient) external;
    /// Sender: the owner of a solo or staged validator whose key is not known yet (48-byte compressed G1).
    function setSoloPublicKey(uint64 validatorId, bytes calldata publicKey) external;
    /// Sender: anyone, once n operators and the owner are active. Opens the first key round.
    function promoteStaged(uint64 validatorId) external;
    /// Sender: the owner of a live solo validator. Split of its key to n random holders (staged if too few).
    function convertToDvt(uint64 validatorId, uint8 mode) external;
    /// Sender: the owner of a live DVT or staged validator. Aborts an open round; the other holders delete their shares.
    function convertToSolo(uint64 validatorId) external;
    /// Sender: the owner of a Ready validator, passing the validator's public key (its PublicKeySet event;
    /// checked against the key's hash, NotValidatorKey otherwise). Forwards the held 32 ETH to the deposit contract.
    function deposit(uint64 validatorId, bytes calldata publicKey, bytes calldata signature, bytes32 depositDataRoot)
        external;
    /// Sender: the owner. Deposited: the holders sign a VoluntaryExit. Not deposited: refunded at once.
    function requestValidatorExit(uint64 validatorId) external;
    /// Sender: the owner, once the beacon chain shows the exit. The holders delete their shares.
    function confirmValidatorExit(uint64 validatorId) external;

    // ------------------------------------------------------------------ bundles
    /// Sender: anyone. Runs each of `calls` (this registry's own calldata) in order as if the sender had sent it
    /// alone (same sender, same refusals, same events); the first that reverts reverts the bundle with its revert
    /// data. Not payable. A coordinator bundles its calls so that one transaction carries many validators' steps.
    function multicall(bytes[] calldata calls) external;

    // ------------------------------------------------------------------ key rounds
    /// Sender: a dealer of the current round, once, while it is Dealing. Lengths: 48 t and 33 + 60 n (+ 60 Dkg).
    function submitDeal(uint64 validatorId, uint32 round, bytes calldata commitments, bytes calldata encryptedShares)
        external;
    /// Sender: a receiver of the current round, once, after dealing closed. All n equal acks complete it.
    function ack(uint64 validatorId, uint32 round, bytes calldata groupPublicKey, bytes32 publicSharesHash) external;
    /// Sender: a receiver that has not acked, about a dealer that dealt. Evidence: 97 bytes. Fails the round.
    function complain(uint64 validatorId, uint32 round, uint64 dealerId, bytes calldata evidence) external;
    /// Sender: a receiver of the current, failed round other than the complainer and the accused dealer.
    /// A strict majority of those receivers puts the fault on the dealer or on the complainer.
    function judgeComplaint(uint64 validatorId, uint32 round, bool dealerAtFault) external;
    /// Sender: the owner (for a failed reshare, also its leaving operator). Opens the next round; for a
    /// split or DKG with members at fault, they are replaced by a draw instead (drawHolders opens it).
    function restartRound(uint64 validatorId) external returns (uint32 round);
    /// Sender: anyone, a day after the current round started, if it is still dealing or acking. Fails it.
    function expireRound(uint64 validatorId) external;

    // ------------------------------------------------------------------ views
    function depositContract() external view returns (address);
    /// The contract whose code the rarely used calls run by delegatecall (deployed by the registry's constructor).
    function maintenance() external view returns (address);
    function operatorCount() external view returns (uint64);
    function validatorCount() external view returns (uint64);
    function operatorIdOf(address owner) external view returns (uint64);
    /// The operator's share-encryption key and endpoint are not in state: read the latest OperatorRegistered,
    /// ShareEncryptionKeyRotated and OperatorEndpointUpdated events of the operator.
    function getOperator(uint64 operatorId)
        external
        view
        returns (
            address owner,
            OperatorStatus status,
            uint32 liveOwnedValidators,
            uint32 sharesOfOthers,
            uint256 heldValidators
        );
    /// Validators still to visit for an exiting operator (0 once processOperatorExit has nothing left to do).
    function operatorExitBacklog(uint64 operatorId) external view returns (uint256);
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
        );
    /// The block whose PublicKeySet event (topic: the validator id) carries the validator's public key;
    /// 0 while it has none. The key is in events only; the public shares' hash of the last completed
    /// round is in that round's RoundCompleted event.
    function publicKeyBlock(uint64 validatorId) external view returns (uint64);
    function getHolders(uint64 validatorId) external view returns (uint64[] memory);
    function getRound(uint64 validatorId, uint32 round) external view returns (RoundInfo memory);
    /// When the round may be expired (start + 1 day); 0 for no such round.
    function roundDeadline(uint64 validatorId, uint32 round) external view returns (uint256);
    function getRoundMembers(uint64 validatorId, uint32 round)
        external
        view
        returns (uint64[] memory dealers, bool[] memory dealt, uint64[] memory receivers, bool[] memory acked);
    function validatorsByKind(ValidatorKind kind, uint256 offset, uint256 limit)
        external
        view
        returns (uint64[] memory ids, uint256 total);
    function validatorsOfOperator(uint64 operatorId, uint256 offset, uint256 limit)
        external
        view
        returns (uint64[] memory ids, uint256 total);
    function activeOperators() external view returns (uint64[] memory);
    /// Where the validator's execution-layer rewards go: the owner's choice, else the withdrawal address
    /// of 0x01/0x02 credentials, else (0x00 credentials) the owner operator's address.
    function feeRecipient(uint64 validatorId) external view returns (address);
    function drawAllowList(uint64 ownerOperatorId) external view returns (uint64[] memory);
    /// The block from which drawHolders may draw the validator's holders; 0 when no draw is pending.
    function pendingDraw(uint64 validatorId) external view returns (uint64 drawBlock);
    /// The complaint of a round and, per receiver (share-index order), whether it was judged at fault.
    function getRoundFaults(uint64 validatorId, uint32 round)
        external
        view
        returns (uint64 complainer, uint64 accused, bool[] memory atFault);
    /// The live validator holding this public key, 0 for none.
    function validatorOfPublicKey(bytes calldata publicKey) external view returns (uint64);
    function activeOperatorCount() external view returns (uint256);
    function modeParameters(uint8 mode) external pure returns (uint8 threshold, uint8 size);
}
