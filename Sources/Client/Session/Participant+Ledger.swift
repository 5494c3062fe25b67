import ChorusSupport
import Federation
import Foundation

extension Participant {
    /// The ledger in the state directory, or an empty in-memory one without a directory.
    func loadLedger() throws(ClientError) -> ParticipantLedger {
        guard let directory = configuration.stateDirectory else { return ParticipantLedger() }
        do { return try ParticipantLedger.load(from: ParticipantLedger.url(in: directory)) } catch {
            throw .ledger(error)
        }
    }

    /// The ledger line `plan`'s round will add: the share this participant adds and
    /// the noise multiplier its policy accounts the round with.
    /// - Throws: `FederationError` when the plan defines no mechanism.
    func ledgerEntry(for plan: RoundPlan) throws(FederationError) -> ParticipantLedger.Entry {
        let mechanism = try plan.quantization.mechanism(dimension: plan.architecture.parameterCount)
        return ParticipantLedger.Entry(round: plan.round, noiseSigma: mechanism.noiseSigma, scale: mechanism.scale,
                                       accountedNoiseMultiplier: try configuration.policy.accountedNoiseMultiplier(for: plan),
                                       masked: plan.secureAggregation != nil)
    }

    /// Appends `entry` to the ledger and writes it (atomically) before the update
    /// leaves, then reports the noise added and the participant's own epsilon.
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
}
