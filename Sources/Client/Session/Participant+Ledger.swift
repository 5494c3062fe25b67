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

    /// The ledger line `plan`'s round will add: the share this participant adds and
    /// what its policy accounts the round as.
    /// - Throws: `FederationError` when the plan defines no mechanism.
    func ledgerEntry(for plan: RoundPlan) throws(FederationError) -> ParticipantLedger.Entry {
        let mechanism = try plan.quantization.mechanism(dimension: plan.architecture.parameterCount)
        return ParticipantLedger.Entry(run: plan.run.description, round: plan.round, noiseSigma: mechanism.noiseSigma, scale: mechanism.scale,
                                       accounted: try configuration.policy.accountedSum(for: plan),
                                       masked: plan.secureAggregation != nil)
    }

    /// Appends `entry` to the ledger and writes it atomically before the update leaves
    /// (so the ledger never misses noise that left), then reports the noise added and
    /// the participant's own epsilon.
    /// - Throws: `.ledger` when it cannot be written: the update is then not sent.
    func record(_ entry: ParticipantLedger.Entry, session: inout Session) throws(ClientError) {
        session.ledger.append(entry)
        if let directory = configuration.stateDirectory {
            do { try session.ledger.save(to: ParticipantLedger.url(in: directory)) } catch { throw .ledger(error) }
        }
        let delta = configuration.policy.delta
        let epsilon = (try? session.ledger.epsilon(delta: delta)) ?? .infinity
        let std = Double(entry.noiseSigma) * entry.scale
        logger.info("contributed to a round", metadata: [
            "round": "\(entry.round)", "noise_std": "\(std)", "own_epsilon": "\(epsilon)", "delta": "\(delta)",
        ])
        configuration.observer?(.contributed(round: entry.round, noiseStandardDeviation: std, epsilon: epsilon, delta: delta))
    }

    /// Notes the reply to `stage` of a secure round just answered: the ledger line once the
    /// masked vector goes, the receipt once the unmask shares put it in a sum the coordinator sees.
    func note(_ stage: Stage, of round: ActiveRound, session: inout Session) throws(ClientError) {
        switch stage {
        case .maskedInput: try record(round.entry, session: &session)
        case .unmask: try keepReceipt(round.receipt, of: round.entry)
        case .advertiseKeys, .shareKeys, .consistencyCheck: break
        }
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
