import Foundation

/// The participants a coordinator accepts: Ed25519 public keys enrolled by the
/// operator. Stored as JSON (`roster.json`), written atomically.
public struct Roster: Sendable, Codable, Equatable {
    /// One enrolled participant.
    public struct Entry: Sendable, Codable, Equatable {
        /// The participant's identity key (hex in JSON).
        public var publicKey: Ed25519PublicKey
        /// When the operator enrolled it.
        public var enrolledAt: Date

        enum CodingKeys: String, CodingKey {
            case publicKey = "public_key"
            case enrolledAt = "enrolled_at"
        }
    }

    /// The roster file format version.
    public static let formatVersion = 1

    public private(set) var participants: [Entry]

    /// An empty roster.
    public init() {
        participants = []
    }

    /// The enrolled keys, as the TLS server checks them.
    public var keys: Set<Ed25519PublicKey> {
        Set(participants.map(\.publicKey))
    }

    /// True when `key` is enrolled.
    public func contains(_ key: Ed25519PublicKey) -> Bool {
        participants.contains { $0.publicKey == key }
    }

    /// Adds `key`.
    /// - Throws: `TransportError.duplicateEnrollment` when it is already enrolled.
    public mutating func enroll(_ key: Ed25519PublicKey, at date: Date) throws(TransportError) {
        guard !contains(key) else { throw .duplicateEnrollment(key: key) }
        participants.append(Entry(publicKey: key, enrolledAt: date))
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
