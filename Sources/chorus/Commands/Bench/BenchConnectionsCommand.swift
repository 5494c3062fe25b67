import ArgumentParser

/// `chorus bench connections --count N [--json]`: how many concurrent mutual
/// TLS 1.3 connections one coordinator process holds, how fast they open, and
/// what they cost in memory.
struct BenchConnectionsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "connections",
        abstract: "Open N concurrent TLS 1.3 participant connections to one coordinator over loopback.",
        discussion: """
        Server and clients run in this process on the shared event loops (one per core). Reports \
        the time to open all connections, a frame echoed on each, the resident memory they add \
        (both ends), and as reference the same number of TLS handshakes pumped in memory in the \
        same run (the cryptographic floor).

        Example:
          chorus bench connections --count 1000 --json
        """
    )

    @Option(parsing: .unconditional, help: "Concurrent connections to open.")
    var count = 1000

    @OptionGroup var logging: LoggingOptions
    @OptionGroup var output: OutputOptions

    func validate() throws {
        guard (1...20_000).contains(count) else {
            throw ValidationError("--count must be 1...20000, got \(count).")
        }
    }

    func run() async throws {
        let logger = logging.makeLogger(label: "chorus.bench.connections")
        let result = try await ConnectionsBenchmark(count: count, logger: logger).run()
        if output.json {
            try output.printJSON(result.json)
        } else {
            print(result.text)
        }
    }
}
