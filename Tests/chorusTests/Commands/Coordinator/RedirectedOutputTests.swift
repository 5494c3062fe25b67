import Foundation
import Testing
import TestSupport

/// `coordinator run` under a service manager: stdout and stderr are files, and
/// the process is stopped by a signal. What must hold: "listening on" is in the
/// stdout file while the process still runs (not held in a buffer), the logs are
/// in the stderr file in the structured format, and both stay there after a SIGKILL.
struct RedirectedOutputTests {
    @Test func resultsAndLogsReachTheirFilesWhileTheCoordinatorRuns() throws {
        let federation = try LoopbackFederation(participants: 2)
        let out = federation.temporary.file("coordinator.out")
        let err = federation.temporary.file("coordinator.err")
        FileManager.default.createFile(atPath: out.path, contents: nil)
        FileManager.default.createFile(atPath: err.path, contents: nil)
        let process = Process()
        process.executableURL = ChorusProcess.executable
        process.arguments = federation.coordinatorArguments(rounds: 1)
        process.standardOutput = try FileHandle(forWritingTo: out)
        process.standardError = try FileHandle(forWritingTo: err)
        try process.run()
        defer { if process.isRunning { kill(process.processIdentifier, SIGKILL) } }

        // Files have no event to wait on, so they are polled.
        let giveUp = Date(timeIntervalSinceNow: TestTimeScale.seconds(120))
        func read(_ url: URL) -> String { (try? String(contentsOf: url, encoding: .utf8)) ?? "" }
        while !read(out).contains("listening on 127.0.0.1:") || !read(err).contains("waiting for participants") {
            try #require(Date() < giveUp && process.isRunning, "stdout: \(read(out)) stderr: \(read(err))")
            Thread.sleep(forTimeInterval: 0.05)
        }
        #expect(process.isRunning)
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()

        let stdout = read(out)
        #expect(stdout.contains("round  sampled  survivors"), "\(stdout)")
        #expect(!stdout.contains("waiting for participants"), "logs belong on stderr: \(stdout)")
        let listening = try #require(read(err).split(separator: "\n").first { $0.contains("coordinator listening") }, "\(read(err))")
        // swift-log's stream format: timestamp, level, label, metadata, message.
        #expect(listening.contains(" info chorus.coordinator:") && listening.contains("address=127.0.0.1:"), "\(listening)")
    }
}
