import ArgumentParser
import ChorusSupport
import Foundation
import Server
import Transport

/// `chorus coordinator participants revoke --dir DIR --participant KEY`.
struct CoordinatorParticipantsRevokeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "revoke",
        abstract: "Revoke a participant's key: the coordinator refuses it at the TLS handshake from its next start.",
        discussion: """
        A running coordinator read the roster when it started: restart it on the same --dir (it resumes from \
        its checkpoint) for the revocation to take effect. The entry keeps its place on the roster, so the \
        other participants' ids do not change; `chorus coordinator enroll` with the same key restores it.

        Examples:
          chorus coordinator participants revoke --dir coord --participant alice-identity.pub
          chorus coordinator participants revoke --dir coord --participant 3b6a27bc...  (the 64 hex digits)
        """
    )

    @OptionGroup var coordinator: CoordinatorDirectoryOptions

    @Option(help: ArgumentHelp("The participant's public key: its identity.pub file or the key's 64 hex digits.", valueName: "key"))
    var participant: String

    @OptionGroup var output: OutputOptions

    func run() async throws {
        let directory = try coordinator.directory()
        let key = FileManager.default.fileExists(atPath: participant)
            ? try Ed25519PublicKey.load(from: URL(fileURLWithPath: participant))
            : try Ed25519PublicKey(hex: participant, source: "--participant")
        try directory.revoke(key)
        let enrolled = try directory.roster().keys.count
        if output.json {
            try output.printJSON(["public_key": key.hex, "revoked": true, "enrolled": enrolled])
        } else {
            print("revoked \(key.hex) (\(Plural.count(enrolled, "participant")) still enrolled); "
                  + "restart `chorus coordinator run` on \(coordinator.dir) for it to take effect")
        }
    }
}
