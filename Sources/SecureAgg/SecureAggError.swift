/// Every way secure aggregation can fail: bad bytes on the wire, a peer that breaks
/// the protocol, too few participants left, or a libsodium/OpenSSL call that
/// refused. Each case names the field, peer or stage and the numbers involved, so a
/// log line says what went wrong without a debugger.
public enum SecureAggError: Error, Equatable, Sendable, CustomStringConvertible {
    // MARK: Bytes on the wire
    /// Fewer bytes remained than `field` needs.
    case truncated(field: String)
    /// A length or count in `field` exceeds the named maximum; nothing was allocated.
    case lengthTooLarge(field: String, limit: Int, actual: Int)
    /// The message was written by another protocol version.
    case unsupportedVersion(UInt8)
    /// The stage byte names no stage of this direction.
    case unknownStage(UInt8)
    /// A field holds a value outside its domain (an unknown tag, an unsorted list).
    case invalidField(field: String, reason: String)
    /// Bytes were left over after the message ended.
    case trailingBytes(count: Int)

    // MARK: Keys and primitives
    /// A key or seed had the wrong number of bytes.
    case invalidKeyLength(field: String, expected: Int, actual: Int)
    /// X25519 gave the all-zero secret: the peer's public key is of small order.
    case weakPublicKey(peer: ParticipantID)
    /// A C library call failed; `function` names it.
    case libraryFailure(function: String)

    // MARK: Configuration
    /// The round configuration is inconsistent (duplicate ids, threshold above the holders...).
    case invalidConfiguration(reason: String)
    /// No neighbour degree and threshold meet the requested security and failure bounds.
    case parametersInfeasible(reason: String)

    // MARK: Protocol, caused by a peer or the server
    /// A message of another round arrived.
    case wrongRound(expected: UInt64, actual: UInt64)
    /// The message header names a different sender than the connection it came from.
    case senderMismatch(claimed: ParticipantID, actual: ParticipantID)
    /// The id is not in this round's roster.
    case unknownParticipant(ParticipantID)
    /// `peer` is not a neighbour of `of` in the round's graph.
    case notNeighbours(peer: ParticipantID, of: ParticipantID)
    /// A message of `stage` arrived while the machine was in another stage.
    case unexpectedMessage(stage: Stage)
    /// `peer` sent nothing for `stage` before the stage's deadline (it vanished or stalled).
    case missedDeadline(peer: ParticipantID, stage: Stage)
    /// `peer` appears twice (a replayed message or share, or a duplicate list entry).
    case duplicate(peer: ParticipantID, field: String)
    /// A signature by `peer` over `field` does not verify (forged or missing).
    case invalidSignature(peer: ParticipantID, field: String)
    /// A share ciphertext from `peer` failed authentication (forged, or bound to another round or pair).
    case decryptionFailed(peer: ParticipantID)
    /// A masked vector had the wrong number of entries.
    case wrongVectorLength(peer: ParticipantID, expected: Int, actual: Int)
    /// Fewer than `threshold` participants remain at `stage`: the round must abort.
    case tooFewParticipants(stage: Stage, count: Int, threshold: Int)
    /// The server's survivor list leaves out the client reading it.
    case notInSurvivorSet(ParticipantID)
    /// The unmask request names a different survivor set than the one this client signed.
    case survivorSetChanged
    /// The server lists `peer` both as a survivor and as dropped.
    case listedAsSurvivorAndDropped(peer: ParticipantID)
    /// Fewer than `threshold` valid consistency signatures accompany the unmask request.
    case tooFewConsistencySignatures(count: Int, threshold: Int)
    /// Fewer than `threshold` shares arrived to rebuild `peer`'s secret.
    case cannotReconstruct(peer: ParticipantID, shares: Int, threshold: Int)
    /// The shares of `peer`'s secret are inconsistent, or its rebuilt mask key does not
    /// match the public key it advertised.
    case reconstructionFailed(peer: ParticipantID)

    public var description: String {
        switch self {
        case let .truncated(field):
            return "secure aggregation message truncated in field '\(field)'"
        case let .lengthTooLarge(field, limit, actual):
            return "field '\(field)' is \(actual), above the limit \(limit)"
        case let .unsupportedVersion(version):
            return "message version \(version), expected \(WireFormat.version)"
        case let .unknownStage(byte):
            return "unknown stage byte \(byte)"
        case let .invalidField(field, reason):
            return "field '\(field)' is invalid: \(reason)"
        case let .trailingBytes(count):
            return "\(count) trailing bytes after the message"
        case let .invalidKeyLength(field, expected, actual):
            return "\(field) is \(actual) bytes, expected \(expected)"
        case let .weakPublicKey(peer):
            return "peer \(peer) sent a small-order X25519 public key"
        case let .libraryFailure(function):
            return "\(function) failed"
        case let .invalidConfiguration(reason):
            return "invalid round configuration: \(reason)"
        case let .parametersInfeasible(reason):
            return "secure aggregation parameters infeasible: \(reason)"
        case let .wrongRound(expected, actual):
            return "message for round \(actual), expected round \(expected)"
        case let .senderMismatch(claimed, actual):
            return "message claims sender \(claimed) but came from \(actual)"
        case let .unknownParticipant(id):
            return "participant \(id) is not in the round's roster"
        case let .notNeighbours(peer, of):
            return "participant \(peer) is not a neighbour of \(of)"
        case let .unexpectedMessage(stage):
            return "unexpected message of stage \(stage)"
        case let .missedDeadline(peer, stage):
            return "participant \(peer) sent no \(stage) message before the stage's deadline"
        case let .duplicate(peer, field):
            return "participant \(peer) appears twice in '\(field)' (duplicate or replay)"
        case let .invalidSignature(peer, field):
            return "signature of participant \(peer) over \(field) does not verify"
        case let .decryptionFailed(peer):
            return "share from participant \(peer) failed authentication"
        case let .wrongVectorLength(peer, expected, actual):
            return "participant \(peer) sent a vector of \(actual) entries, expected \(expected)"
        case let .tooFewParticipants(stage, count, threshold):
            return "only \(count) participants left at stage \(stage), threshold is \(threshold): round aborted"
        case let .notInSurvivorSet(id):
            return "survivor list leaves out participant \(id)"
        case .survivorSetChanged:
            return "unmask request names a survivor set other than the one signed"
        case let .listedAsSurvivorAndDropped(peer):
            return "server lists participant \(peer) both as survivor and as dropped"
        case let .tooFewConsistencySignatures(count, threshold):
            return "\(count) valid consistency signatures, threshold is \(threshold)"
        case let .cannotReconstruct(peer, shares, threshold):
            return "only \(shares) shares of participant \(peer)'s secret, threshold is \(threshold)"
        case let .reconstructionFailed(peer):
            return "shares of participant \(peer)'s secret are inconsistent or rebuild a key it did not advertise"
        }
    }
}
