import Foundation
import Testing
import TestSupport

/// The mistakes operators and participants make first, as they see them: each
/// error names the file, flag or peer and says what to do next.
struct OperatorErrorTests {
    @Test func runningWithoutACoordinatorDirectorySaysToInitOne() throws {
        let temporary = try TemporaryDirectory()
        let missing = temporary.file("nocoord").path
        let result = try ChorusProcess.run(["coordinator", "run", "--dir", missing, "--listen", "127.0.0.1:0", "--rounds", "1",
                                            "--test-data", temporary.url.path])
        #expect(result.status != 0)
        #expect(result.stdout.isEmpty)
        #expect(result.stderr.contains("run `chorus coordinator init --dir \(missing)` first"), "\(result.stderr)")
        #expect(!result.stderr.contains("NSCocoaErrorDomain"), "\(result.stderr)")
    }

    @Test func aParticipantWhoseKeyIsNotEnrolledIsToldToSendItsPublicKey() throws {
        let federation = try LoopbackFederation(participants: 2)
        let stranger = federation.temporary.file("stranger").path
        try LoopbackFederation.chorus(["keygen", "--out", stranger])
        let (coordinator, port) = try federation.startCoordinator(rounds: 1)
        defer { coordinator.kill() }
        var arguments = federation.joinArguments(0, port: port)
        arguments[arguments.firstIndex(of: "--identity")! + 1] = stranger
        let result = try ChorusProcess.run(arguments)
        #expect(result.status != 0)
        #expect(result.stderr.contains("this identity is not enrolled at the coordinator"), "\(result.stderr)")
        #expect(result.stderr.contains("identity.pub"), "\(result.stderr)")
        #expect(!result.stderr.contains("0A000410"), "\(result.stderr)")
    }

    @Test func connectionRefusedNamesTheAddressAndWhatToCheck() throws {
        let federation = try LoopbackFederation(participants: 1)
        // Port 1 (tcpmux) is privileged and unused on a test machine: nothing listens there.
        let result = try ChorusProcess.run(federation.joinArguments(0, port: 1))
        #expect(result.status != 0)
        #expect(result.stderr.contains("127.0.0.1:1: connection refused"), "\(result.stderr)")
        #expect(result.stderr.contains("chorus coordinator run"), "\(result.stderr)")
        #expect(!result.stderr.contains("NIOConnectionError"), "\(result.stderr)")
    }

    /// A run started with one model and resumed with another: the coordinator says
    /// how to resume it or start a new one, instead of only that they differ.
    @Test func aCheckpointOfAnotherArchitectureSaysHowToGoOn() throws {
        let federation = try LoopbackFederation(participants: 2)
        let (first, _) = try federation.startCoordinator(rounds: 1)
        first.kill()
        _ = first.wait()
        var arguments = federation.coordinatorArguments(rounds: 1)
        arguments[arguments.firstIndex(of: "--architecture")! + 1] = "small"
        let result = try ChorusProcess.run(arguments)
        #expect(result.status != 0)
        #expect(result.stderr.contains("checkpoint.bin"), "\(result.stderr)")
        #expect(result.stderr.contains("pass the --architecture it was started with"), "\(result.stderr)")
        #expect(result.stderr.contains("pass another --out directory"), "\(result.stderr)")
    }
}
