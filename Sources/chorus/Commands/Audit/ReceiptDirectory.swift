import ArgumentParser
import Audit
import ChorusSupport
import DifferentialPrivacy
import Federation
import Foundation
import SecureAgg

/// A participant's receipts folder (`receipts/` beside its ledger): the coordinator's
/// signed plans of the rounds it contributed to, read for `audit verify --receipts`.
enum ReceiptDirectory {
    /// Every `*.plan` in `path`, each checked against `coordinatorKey`.
    /// - Throws: a `ValidationError` naming the folder or the receipt that cannot be read
    ///   or whose signature does not verify.
    static func load(_ path: String, coordinatorKey: Ed25519PublicKey) throws -> [RoundReceipt] {
        let url = URL(fileURLWithPath: path, isDirectory: true)
        let names: [String]
        do { names = try FileManager.default.contentsOfDirectory(atPath: url.path) } catch {
            throw ValidationError("--receipts: cannot list \(path): \(error.localizedDescription)")
        }
        return try names.filter { $0.hasSuffix(".plan") }.sorted().map { name in
            let file = url.appendingPathComponent(name)
            let plan: RoundPlan
            let mechanism: DistributedDiscreteGaussian
            do {
                plan = try PlanMessage.decodeReceipt(try AtomicFile.read(file), coordinatorKey: coordinatorKey)
                // The joint mechanism's numbers when participants evaluate: those the report's run states.
                mechanism = try plan.quantization.mechanism(dimension: plan.architecture.parameterCount)
            } catch {
                throw ValidationError("--receipts: \(file.path) is not a plan signed by the coordinator key: \(error)")
            }
            return RoundReceipt(source: name, run: plan.run.description, round: Int(plan.round),
                                participant: plan.participant.rawValue, modelHash: Hex.encode(plan.modelHash),
                                noiseMultiplier: mechanism.noiseMultiplier, clipNorm: mechanism.clipNorm,
                                minimumSurvivors: plan.quantization.minimumSurvivors)
        }
    }
}
