import Audit
import ChorusSupport
import Foundation
import SecureAgg
import Simulation
import Testing
import TestSupport

struct ResumeTests {
    /// A coordinator restarted on the same directory continues after the last
    /// checkpointed round: no round is run or accounted twice, and a round the
    /// report missed (a crash between checkpoint and report) is appended once.
    @Test func resumingFromACheckpointDoesNotCountARoundTwice() async throws {
        let directory = try TemporaryDirectory(prefix: "chorus-resume")
        let first = try await FederationFixture(participants: 3, rounds: 2, privacy: true, directory: directory).run()
        #expect(first.rounds.map(\.round) == [1, 2])

        // Cut the last round's record and the closing record after it, as if the coordinator
        // died right after its checkpoint.
        let bytes = try AtomicFile.read(first.reportURL)
        let lines = bytes.split(separator: UInt8(ascii: "\n"))
        try AtomicFile.write(Array(lines.dropLast(2).joined(separator: [UInt8(ascii: "\n")])) + [UInt8(ascii: "\n")],
                             to: first.reportURL, overwrite: true)

        let second = try await FederationFixture(participants: 3, rounds: 3, privacy: true, directory: directory).run()
        #expect(second.rounds.map(\.round) == [3])
        let key = try Ed25519PublicKey(rawRepresentation: #require(Hex.decode(second.coordinatorKey)))
        let verification = ReportVerifier.verify(try AtomicFile.read(second.reportURL), coordinatorKey: key)
        #expect(verification.firstProblem == nil)
        #expect(verification.rounds.map(\.round) == [1, 2, 3])
        #expect(verification.closing?.rounds == 3)
        // The epsilon after round 3 is that of three accounted rounds (the verifier recomputes it).
        #expect(second.rounds.last?.epsilon == verification.rounds.last?.privacy.epsilonRDP)
    }
}
