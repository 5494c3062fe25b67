import ArgumentParser
import ChorusSupport
import Foundation
import Server
import Transport

/// `chorus coordinator enroll --dir D --participant PUBKEY_FILE`: accept a
/// participant's key from now on.
struct CoordinatorEnrollCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "enroll",
        abstract: "Enroll a participant's public key in the coordinator's roster.",
        discussion: """
        PUBKEY_FILE is the participant's identity.pub (64 hex digits) or a PEM PUBLIC KEY block \
        holding an Ed25519 key. The roster is rewritten atomically; a key enrolled twice is an error.

        Example:
          chorus coordinator enroll --dir coord --participant alice-identity.pub
        """
    )

    @Option(help: "The coordinator's directory (from `chorus coordinator init`).")
    var dir: String

    @Option(help: "The participant's public key file.")
    var participant: String

    @OptionGroup var logging: LoggingOptions
    @OptionGroup var output: OutputOptions

    func run() async throws {
        let logger = logging.makeLogger(label: "chorus.coordinator.enroll")
        let directory = try CoordinatorDirectory.existing(dir)
        let key = try directory.enroll(publicKeyFile: URL(fileURLWithPath: participant))
        let count = try directory.roster().participants.count
        logger.info("participant enrolled", metadata: ["key": "\(key)"])
        if output.json {
            try output.printJSON(["public_key": key.hex, "participants": count])
        } else {
            print("enrolled \(key.hex) (\(Plural.count(count, "participant")) on the roster)")
        }
    }
}
