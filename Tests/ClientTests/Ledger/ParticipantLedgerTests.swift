import Client
import ChorusSupport
import DifferentialPrivacy
import Foundation
import Testing
import TestSupport

struct ParticipantLedgerTests {
    @Test func ledgerSurvivesARestartAndKeepsItsEpsilon() throws {
        let directory = try TemporaryDirectory()
        let url = ParticipantLedger.url(in: directory.url)
        #expect(try ParticipantLedger.load(from: url).rounds == 0)  // none yet: empty, not an error
        var ledger = ParticipantLedger()
        ledger.append(ParticipantLedger.Entry(run: "ab", round: 1, noiseSigma: 40, scale: 0.01, accounted: ParticipantPolicyTests.sum(z: 1.2), masked: true))
        ledger.append(ParticipantLedger.Entry(run: "ab", round: 2, noiseSigma: 40, scale: 0.01, accounted: ParticipantPolicyTests.sum(z: 0.9), masked: true))
        try ledger.save(to: url)
        let reloaded = try ParticipantLedger.load(from: url)
        #expect(reloaded == ledger)
        #expect(try reloaded.epsilon(delta: 1e-5) == ledger.epsilon(delta: 1e-5))
        #expect(try reloaded.epsilon(delta: 1e-5, adding: ParticipantPolicyTests.sum(z: 1)) > reloaded.epsilon(delta: 1e-5))
    }

    @Test func aRoundWithoutNoiseMakesEpsilonInfinite() throws {
        let ledger = ParticipantLedger(entries: [
            ParticipantLedger.Entry(run: "ab", round: 1, noiseSigma: 0, scale: 0.01, accounted: nil, masked: true),
        ])
        #expect(try ledger.epsilon(delta: 1e-5) == .infinity)
    }

    @Test func aCorruptLedgerIsAnErrorNamingTheFile() throws {
        let directory = try TemporaryDirectory()
        let url = ParticipantLedger.url(in: directory.url)
        try AtomicFile.write(Array("not json".utf8), to: url)
        #expect(throws: FileError.self) { _ = try ParticipantLedger.load(from: url) }
    }
}
