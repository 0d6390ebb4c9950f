// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

// Wire enums shared with the C# side. The numeric values are part of the protocol
// (docs/PROTOCOL.md) and pinned by contracts/test/EnumValues.t.sol: never reorder.

/// @notice How a validator's key is held. Solo = the owner holds the whole key.
enum Mode {
    Solo, // 0
    ThreeOfFour, // 1: t = 3, n = 4
    FiveOfSeven, // 2: t = 5, n = 7
    SevenOfTen, // 3: t = 7, n = 10
    NineOfThirteen // 4: t = 9, n = 13
}

/// @notice Where a validator currently stands in custody terms (what auditors list by).
enum ValidatorKind {
    Solo, // 0: the owner is the only holder
    Dvt, // 1: n operators hold shares
    Staged // 2: DVT was chosen but fewer than n operators were active; run solo until promoted
}

enum ValidatorStatus {
    None, // 0: no such validator
    Requested, // 1: 32 ETH held, public key not known yet
    Ready, // 2: 32 ETH held, public key known, deposit possible
    Deposited, // 3: 32 ETH sent to the deposit contract
    ExitRequested, // 4: holders must sign a VoluntaryExit
    Exited // 5: final; holders delete their shares
}

enum OperatorStatus {
    None, // 0: no such operator
    Active, // 1
    Exiting, // 2: no new work; its shares are being moved away
    Exited // 3: final
}

/// @notice Kinds of key round (protocol.md). None is only used as "no key generation" for solo.
enum RoundKind {
    None, // 0
    Split, // 1: the owner deals the full key to the n holders
    Dkg, // 2: every holder deals, group key = sum
    Reshare // 3: old holders re-deal their shares to a new set, key unchanged
}

enum RoundStatus {
    None, // 0: no such round
    Dealing, // 1: waiting for deals
    Acking, // 2: the required deals are in; waiting for every receiver's ack
    Completed, // 3
    Failed, // 4: a complaint or a mismatching ack; the owner may restart
    Aborted // 5: superseded (validator exit, conversion to solo)
}

enum FailureReason {
    None, // 0
    Complaint, // 1: a receiver complained about a dealer
    AckMismatch, // 2: receivers acked different (group key, public shares hash)
    PublicKeyMismatch, // 3: the agreed group key differs from the validator's known key
    Expired, // 4: still dealing or acking a day after it started (expireRound)
    PublicKeyInUse // 5: the agreed group key is live as another validator (RoundFailed names that validator)
}

/// @notice A key round's scalar facts (members and flags come from getRoundMembers).
struct RoundInfo {
    RoundKind kind;
    RoundStatus status;
    uint8 threshold;
    uint8 dealersRequired;
    uint8 dealtCount;
    uint8 ackCount;
    uint64 leavingOperatorId;
    bytes32 ackDigest;
}
