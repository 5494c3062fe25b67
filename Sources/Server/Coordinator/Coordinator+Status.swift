import ChorusSupport
import Foundation

extension Coordinator {
    /// Rewrites `status.json` with the run's state now. A file that cannot be
    /// written is logged, never fatal: the run matters more than its status page.
    func publishStatus(_ phase: CoordinatorStatus.Phase, connected: Int) {
        let epsilon = run.privacy
            ? try? state.metadata.accountant.epsilon(delta: config.privacy.delta, accountant: config.privacy.accountant) : nil
        if let epsilon { CoordinatorMetrics.epsilon(epsilon) }
        let status = CoordinatorStatus(
            phase: phase, address: "\(setup.host):\(port)", rounds: config.rounds, startedRounds: startedRounds,
            appliedRounds: appliedRounds, enrolled: enrolledCount, connected: connected, epsilon: epsilon,
            delta: config.privacy.delta, lastTestAccuracy: state.metadata.lastRecord?.testAccuracy,
            lastFederatedAccuracy: state.metadata.lastRecord?.federatedEvaluation?.accuracy, updatedAt: Date())
        do {
            try AtomicFile.write([UInt8](status.encoded()), to: setup.outputDirectory.appendingPathComponent(CoordinatorStatus.fileName))
        } catch {
            logger.warning("cannot write the status file", metadata: ["reason": "\(error)"])
        }
    }
}
