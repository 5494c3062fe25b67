import ArgumentParser
import ChorusSupport
import Foundation
import Server
import Transport

/// `chorus coordinator participants list --dir DIR [--json]`.
struct CoordinatorParticipantsListCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list",
        abstract: "List the roster: each key, its participant id, when it was enrolled and whether it is revoked.",
        discussion: """
        Example:
          chorus coordinator participants list --dir coord --json
        """
    )

    @OptionGroup var coordinator: CoordinatorDirectoryOptions

    @OptionGroup var output: OutputOptions

    func run() async throws {
        let roster = try coordinator.directory().roster()
        let dates = ISO8601DateFormatter()
        if output.json {
            try output.printJSON(["participants": roster.participants.enumerated().map { index, entry -> [String: Any] in
                var object: [String: Any] = ["id": index, "public_key": entry.publicKey.hex,
                                             "enrolled_at": dates.string(from: entry.enrolledAt),
                                             "revoked": entry.revokedAt != nil]
                if let revoked = entry.revokedAt { object["revoked_at"] = dates.string(from: revoked) }
                return object
            }, "enrolled": roster.keys.count])
            return
        }
        print("id  public key                                                        enrolled              status")
        for (index, entry) in roster.participants.enumerated() {
            let status = entry.revokedAt.map { "revoked \(dates.string(from: $0))" } ?? "enrolled"
            print("\(String(index).padding(toLength: 2, withPad: " ", startingAt: 0))  \(entry.publicKey.hex)  "
                  + "\(dates.string(from: entry.enrolledAt))  \(status)")
        }
        print("\(Plural.count(roster.keys.count, "participant")) enrolled, \(roster.participants.count - roster.keys.count) revoked")
    }
}
