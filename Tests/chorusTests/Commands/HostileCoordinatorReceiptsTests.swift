import Audit
import ChorusSupport
import DifferentialPrivacy
import Federation
import Foundation
import ML
import SecureAgg
import Testing
import TestSupport

/// A coordinator that drops a round from its report (re-signing and re-sealing it
/// with its own key, so every signature, link and epsilon still checks) is caught
/// by an auditor holding a participant's receipts: the signed plans it kept.
struct HostileCoordinatorReceiptsTests {
    /// The signed plans participant 4 kept of the fixture's rounds.
    static func writeReceipts(of fixture: ReportFixture, into directory: URL) throws {
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let run = try #require(RunID(hex: fixture.run.runID))
        let architecture = Architecture(inputHeight: 8, inputWidth: 8, convolutionChannels: [2], denseWidth: 4, dropout: 0, classes: 2)
        for record in fixture.rounds {
            let plan = RoundPlan(
                run: run, round: UInt64(record.round), participant: ParticipantID(4), architecture: architecture,
                modelHash: try #require(Hex.decode(record.modelBefore)), roundSeed: try RoundSeed(bytes: [UInt8](repeating: 1, count: 32)),
                quantization: QuantizationParameters(clipNorm: 1, noiseMultiplier: 1.1, expectedParticipants: 10, minimumSurvivors: 8),
                secureAggregation: nil,
                training: LocalTraining(epochs: 1, batchSize: 4, optimizer: .sgd(learningRate: 0.1), seed: 1),
                samplingRate: 0.1, delta: 1e-5, accountantKind: .pld, accountant: PrivacyAccountant())
            // The receipt is the signed plan without the model that follows it in the frame.
            let receipt = PlanMessage.encode(plan: plan, signingKey: fixture.key, encodedParameters: [])
            try AtomicFile.write(receipt, to: directory.appendingPathComponent("\(fixture.run.runID)-\(record.round).plan"))
        }
    }

    @Test func aRoundOmittedFromTheReportIsCaughtByAParticipantsReceipts() throws {
        let fixture = try ReportFixture(sealed: true)
        let receipts = fixture.directory.file("receipts")
        try Self.writeReceipts(of: fixture, into: receipts)
        let key = Hex.encode(fixture.key.publicKey.rawRepresentation)
        let honest = try ChorusProcess.run(["audit", "verify", fixture.url.path, "--coordinator-key", key, "--receipts", receipts.path])
        #expect(honest.status == 0, "\(honest.stdout) \(honest.stderr)")

        // The coordinator cuts round 3 and seals the rest: a valid, sealed, signed report.
        let cut = try fixture.resigned(by: fixture.key) { entries in
            entries.removeLast()
            entries.append(ReportEntry(sequence: entries.count, previousHash: "",
                                       close: ReportClosingRecord(rounds: 2, reason: "all 2 rounds done", closedAt: "2026-11-25T13:00:00Z")))
        }
        try AtomicFile.write(cut, to: fixture.url)
        let alone = try ChorusProcess.run(["audit", "verify", fixture.url.path, "--coordinator-key", key])
        #expect(alone.status == 0, "without receipts the omission is invisible: \(alone.stdout)")
        let caught = try ChorusProcess.run(["audit", "verify", fixture.url.path, "--coordinator-key", key, "--receipts", receipts.path])
        #expect(caught.status != 0)
        #expect(caught.stdout.contains("(round 3): the round is missing from the report"), "\(caught.stdout)")
    }

    @Test func receiptsOfAnotherRunDoNotVouchForThisReport() throws {
        let fixture = try ReportFixture(sealed: true)
        let receipts = fixture.directory.file("receipts")
        try Self.writeReceipts(of: fixture, into: receipts)
        // The same rounds presented under another run id, signed by the same key.
        let other = try fixture.resigned(by: fixture.key) { entries in
            entries[0].run?.runID = RunID.random().description
            entries.append(ReportEntry(sequence: entries.count, previousHash: "",
                                       close: ReportClosingRecord(rounds: 3, reason: "all 3 rounds done", closedAt: "2026-11-25T13:00:00Z")))
        }
        try AtomicFile.write(other, to: fixture.url)
        let key = Hex.encode(fixture.key.publicKey.rawRepresentation)
        let result = try ChorusProcess.run(["audit", "verify", fixture.url.path, "--coordinator-key", key, "--receipts", receipts.path])
        #expect(result.status != 0)
        #expect(result.stdout.contains("none of the 3 receipts is of this report's run"), "\(result.stdout)")
    }
}
