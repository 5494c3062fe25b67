import ArgumentParser
import Foundation
import Transport

/// `chorus keygen --out DIR`: a participant's Ed25519 identity.
struct KeygenCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "keygen",
        abstract: "Create a participant's Ed25519 identity key pair.",
        discussion: """
        Writes DIR/identity.key (PKCS#8 PEM, mode 0600, directory 0700) and DIR/identity.pub \
        (the public key as 64 hex digits). Give identity.pub to the coordinator's operator, who \
        enrolls it with `chorus coordinator enroll`. The participant presents this key as its TLS \
        client certificate. Existing keys are never overwritten.

        Example:
          chorus keygen --out me     # then send me/identity.pub to the operator
        """
    )

    @Option(help: "Directory to create the identity in.")
    var out: String

    @OptionGroup var logging: LoggingOptions
    @OptionGroup var output: OutputOptions

    func run() async throws {
        let logger = logging.makeLogger(label: "chorus.keygen")
        let folder = URL(fileURLWithPath: out)
        let identity = try IdentityDirectory.create(at: folder)
        let files = IdentityDirectory(url: folder)
        logger.info("identity created", metadata: ["dir": "\(folder.path)"])
        if output.json {
            try output.printJSON([
                "public_key": identity.publicKey.hex,
                "private_key_file": files.privateKeyURL.path,
                "public_key_file": files.publicKeyURL.path,
            ])
        } else {
            print("public key \(identity.publicKey.hex)")
            print("enroll it with: chorus coordinator enroll --dir COORDINATOR_DIR --participant \(files.publicKeyURL.path)")
        }
    }
}
