import Foundation

/// What a coordinator run is doing, as `status.json` in its output directory:
/// rewritten atomically while it waits for participants, after every round and
/// when the run ends, and read by `chorus coordinator status`. snake_case in JSON.
public struct CoordinatorStatus: Codable, Sendable, Equatable {
    public enum Phase: String, Codable, Sendable {
        /// Waiting for enrolled participants to connect before a round.
        case waiting
        /// Between or during rounds.
        case running
        /// The run ended (all rounds started, or the budget stopped it).
        case finished
    }

    public static let fileName = "status.json"

    public var phase: Phase
    /// The address the coordinator listens on.
    public var address: String
    /// Rounds asked for, started (over all restarts) and applied.
    public var rounds: Int
    public var startedRounds: Int
    public var appliedRounds: Int
    /// Participants on the roster (not revoked), and connected now.
    public var enrolled: Int
    public var connected: Int
    /// Epsilon spent so far at `delta` (nil with DP off).
    public var epsilon: Double?
    public var delta: Double
    /// Held-out accuracy of the model after the last applied round, if any.
    public var lastTestAccuracy: Double?
    /// Without operator test data: the participants' noised accuracy of the last
    /// applied round's start model (`FederatedEvaluation`), if any.
    public var lastFederatedAccuracy: Double?
    public var updatedAt: Date

    /// Reads `status.json` in `directory`.
    /// - Throws: what reading or decoding throws (the caller names the file).
    public static func load(from directory: URL) throws -> CoordinatorStatus {
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        decoder.dateDecodingStrategy = .iso8601
        return try decoder.decode(CoordinatorStatus.self, from: Data(contentsOf: directory.appendingPathComponent(fileName)))
    }

    /// True when a coordinator process runs on `directory` now (it holds the run's lock).
    public static func coordinatorIsRunning(in directory: URL) -> Bool {
        RunDirectoryLock.isHeld(in: directory)
    }

    func encoded() throws -> Data {
        let encoder = JSONEncoder()
        encoder.keyEncodingStrategy = .convertToSnakeCase
        encoder.dateEncodingStrategy = .iso8601
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        return try encoder.encode(self)
    }
}
