import ChorusSupport
import Foundation
import Transport

/// The participants a coordinator accepts: Ed25519 public keys enrolled by the
/// operator. Stored as JSON (`roster.json`), written atomically.
public struct Roster: Sendable, Codable, Equatable {
    /// One enrolled participant.
    public struct Entry: Sendable, Codable, Equatable {
        /// The participant's identity key (hex in JSON).
        public var publicKey: Ed25519PublicKey
        /// When the operator enrolled it (or enrolled it again after a revocation).
        public var enrolledAt: Date
        /// When the operator revoked it; nil while it is enrolled. A revoked entry
        /// keeps its place, so the positions (participant ids) of the others never change.
        public var revokedAt: Date?

        enum CodingKeys: String, CodingKey {
            case publicKey = "public_key"
            case enrolledAt = "enrolled_at"
            case revokedAt = "revoked_at"
        }
    }

    /// The roster file format version.
    public static let formatVersion = 1

    public private(set) var participants: [Entry]

    /// An empty roster.
    public init() {
        participants = []
    }

    /// The enrolled keys (not revoked), as the TLS server checks them.
    public var keys: Set<Ed25519PublicKey> {
        Set(participants.filter { $0.revokedAt == nil }.map(\.publicKey))
    }

    /// True when `key` is on the roster, enrolled or revoked.
    public func contains(_ key: Ed25519PublicKey) -> Bool {
        participants.contains { $0.publicKey == key }
    }

    /// Adds `key`, or enrolls a revoked `key` again in its old place.
    /// - Throws: `TransportError.duplicateEnrollment` when it is already enrolled.
    public mutating func enroll(_ key: Ed25519PublicKey, at date: Date) throws(TransportError) {
        if let index = participants.firstIndex(where: { $0.publicKey == key }) {
            guard participants[index].revokedAt != nil else { throw .duplicateEnrollment(key: key) }
            participants[index] = Entry(publicKey: key, enrolledAt: date)
            return
        }
        participants.append(Entry(publicKey: key, enrolledAt: date))
    }

    /// Revokes `key`: the coordinator refuses it at the handshake from its next start.
    /// - Throws: `TransportError.notOnRoster` when it is not enrolled (or already revoked).
    public mutating func revoke(_ key: Ed25519PublicKey, at date: Date) throws(TransportError) {
        guard let index = participants.firstIndex(where: { $0.publicKey == key && $0.revokedAt == nil }) else {
            throw .notOnRoster(key: key)
        }
        participants[index].revokedAt = date
    }

    /// Reads a roster file.
    /// - Throws: `TransportError.file` naming the file and the JSON problem.
    public static func load(from url: URL) throws(TransportError) -> Roster {
        let bytes = try TransportFile.read(url)
        let file: File
        do {
            file = try JSONDecoder.chorus.decode(File.self, from: Data(bytes))
        } catch {
            throw .file(path: url.path, reason: "not a roster: \(error)")
        }
        guard file.version == formatVersion else {
            throw .file(path: url.path, reason: "roster version is \(file.version), expected \(formatVersion)")
        }
        var roster = Roster()
        for entry in file.participants {
            guard !roster.contains(entry.publicKey) else {
                throw .file(path: url.path, reason: "key \(entry.publicKey) is listed twice")
            }
            roster.participants.append(entry)
        }
        return roster
    }

    /// Writes the roster atomically (mode 0644: public keys only).
    public func save(to url: URL) throws(TransportError) {
        do {
            let data = try JSONEncoder.chorus.encode(File(version: Self.formatVersion, participants: participants))
            try TransportFile.write([UInt8](data), to: url, permissions: 0o644, overwrite: true)
        } catch let error as TransportError {
            throw error
        } catch {
            throw .file(path: url.path, reason: "cannot encode the roster: \(error)")
        }
    }

    private struct File: Codable {
        var version: Int
        var participants: [Entry]
    }
}
