import ChorusSupport
import Federation
import Foundation
import SecureAgg

extension Participant {
    /// The ledger in the state directory, or an empty in-memory one without a directory.
    func loadLedger() throws(ClientError) -> ParticipantLedger {
        guard let directory = configuration.stateDirectory else { return ParticipantLedger() }
        do { return try ParticipantLedger.load(from: ParticipantLedger.url(in: directory)) } catch {
            throw .ledger(error)
        }
    }

    /// Writes `ledger` (ending with `entry`) atomically before the update leaves
    /// (so the ledger never misses noise that left), then reports the noise added
    /// and the participant's own epsilon.
    /// - Throws: `.ledger` when it cannot be written: the update is then not sent.
    func save(_ ledger: ParticipantLedger, entry: ParticipantLedger.Entry) throws(ClientError) {
        if let directory = configuration.stateDirectory {
            do { try ledger.save(to: ParticipantLedger.url(in: directory)) } catch { throw .ledger(error) }
        }
        let delta = configuration.policy.delta
        let epsilon = (try? ledger.epsilon(delta: delta)) ?? .infinity
        let std = Double(entry.noiseSigma) * entry.scale
        logger.info("contributed to a round", metadata: [
            "round": "\(entry.round)", "noise_std": "\(std)", "own_epsilon": "\(epsilon)", "delta": "\(delta)",
        ])
        configuration.observer?(.contributed(round: entry.round, noiseStandardDeviation: std, epsilon: epsilon, delta: delta))
    }

    /// Keeps the round's signed plan (`receipts/RUN-ROUND.plan`) once the coordinator can
    /// see a sum holding this participant's update (it answered the unmask request, or
    /// sent the update in the clear): the round must then be in the run's report, which
    /// `chorus audit verify --receipts` checks.
    /// - Throws: `.ledger` when it cannot be written.
    func keepReceipt(_ receipt: [UInt8], of entry: ParticipantLedger.Entry) throws(ClientError) {
        guard let directory = configuration.stateDirectory else { return }
        let receipts = ParticipantLedger.receiptsURL(in: directory)
        do {
            try FileManager.default.createDirectory(at: receipts, withIntermediateDirectories: true)
        } catch {
            throw .ledger(.io(path: receipts.path, reason: "cannot create: \(error.localizedDescription)"))
        }
        do {
            try AtomicFile.write(receipt, to: receipts.appendingPathComponent("\(entry.run)-\(entry.round).plan"), permissions: 0o600)
        } catch {
            throw .ledger(error)
        }
    }
}
