import ArgumentParser
import ChorusSupport
import Foundation
import Server
import Transport

/// `chorus coordinator init --dir D [--host NAME]...`: a new coordinator's
/// CA, TLS certificate, signing key, empty roster and default configuration.
struct CoordinatorInitCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "init",
        abstract: "Create a coordinator's CA, TLS certificate, signing key, roster and config.",
        discussion: """
        The TLS certificate is valid for localhost, 127.0.0.1 and each --host. Give a copy of \
        DIR/ca.crt (their `--ca`) and DIR/signing.pub (their `--coordinator-key`) to every participant. Private keys are PKCS#8 PEM with mode 0600 in a \
        0700 directory; nothing existing is overwritten.

        Example:
          chorus coordinator init --dir coord --host coord.example.org
        """
    )

    @Option(help: "Directory to create the coordinator in.")
    var dir: String

    @Option(name: .customLong("host"), help: "Host name or IP address participants will use (repeatable).")
    var hosts: [String] = []

    @OptionGroup var logging: LoggingOptions
    @OptionGroup var output: OutputOptions

    func validate() throws {
        for host in hosts where host.isEmpty || host.contains(",") || host.contains(where: \.isWhitespace) {
            throw ValidationError("--host '\(host)' is not a host name or address; pass e.g. --host coord.example.org.")
        }
    }

    func run() async throws {
        let logger = logging.makeLogger(label: "chorus.coordinator.init")
        let url = URL(fileURLWithPath: dir)
        let directory = try CoordinatorDirectory.initialize(at: url, hosts: hosts)
        let config = CoordinatorConfig.defaults(hosts: hosts)
        try AtomicFile.write([UInt8](config.encoded()), to: directory.configURL, permissions: 0o644, overwrite: false)
        let signing = try directory.signingIdentity().publicKey
        logger.info("coordinator created", metadata: ["dir": "\(url.path)"])
        if output.json {
            try output.printJSON([
                "dir": url.path,
                "ca_certificate": directory.caCertificateURL.path,
                "signing_public_key_file": directory.signingPublicKeyURL.path,
                "tls_hosts": ["localhost", "127.0.0.1"] + hosts,
                "signing_public_key": signing.hex,
                "config": directory.configURL.path,
            ])
        } else {
            print("coordinator created in \(url.path)")
            print("give every participant a copy of \(directory.caCertificateURL.path) (their --ca) and of "
                  + "\(directory.signingPublicKeyURL.path) (their --coordinator-key); auditors need signing.pub too")
            print("signing key \(signing.hex)")
        }
    }
}
