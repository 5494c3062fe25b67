import Audit
import ChorusSupport
import DifferentialPrivacy
import Foundation
import Logging
import ML
import SecureAgg

extension Coordinator {
    /// Resumes the run in `setup.outputDirectory` from its checkpoint and report,
    /// or starts a new one (fresh model, run record, first checkpoint). Holds the
    /// directory's lock from then on.
    static func openRun(_ setup: CoordinatorSetup, identities: [IdentityPublicKey], rosterBytes: [UInt8],
                        signingKey: IdentitySigningKey,
                        logger: Logger) throws(ServerError) -> (CoordinatorState, PrivacyReportWriter, RunDirectoryLock) {
        let config = setup.config
        do {
            try FileManager.default.createDirectory(at: setup.outputDirectory, withIntermediateDirectories: true)
        } catch {
            throw .checkpoint(path: setup.outputDirectory.path, reason: "cannot create the directory: \(error)")
        }
        let lock = try RunDirectoryLock(directory: setup.outputDirectory)
        let files = FileManager.default
        if files.fileExists(atPath: setup.checkpointURL.path) {
            let state = try CoordinatorState.load(from: setup.checkpointURL)
            guard state.metadata.architecture == config.model.architecture else {
                throw .checkpoint(path: setup.checkpointURL.path, reason: """
                    it holds a run of another model (\(state.metadata.architecture.summary)) than the one asked for \
                    (\(config.model.architecture.summary)): to resume that run, pass the --architecture it was started with; \
                    to start a new run, pass another --out directory (or a new --dir)
                    """)
            }
            var report: PrivacyReportWriter
            do { report = try PrivacyReportWriter.resume(at: setup.reportURL, signingKey: signingKey) } catch { throw .report(error) }
            if report.isClosed, state.metadata.round < UInt64(config.rounds) {
                throw .checkpoint(path: setup.reportURL.path,
                                  reason: "the run is finished (its report is sealed after round \(state.metadata.round)); start a new run in another output directory")
            }
            if let record = state.metadata.lastRecord, try appendIfMissing(record, to: &report) {
                logger.info("appended the checkpoint's last round to the report", metadata: ["round": "\(record.round)"])
            }
            AtomicFile.removeAbandonedTemporaries(of: setup.checkpointURL)
            // The model file may lag the checkpoint if the last run died between the two.
            let network: Network
            do { network = try Network(architecture: state.metadata.architecture, parameters: state.parameters) } catch {
                throw .model(error)
            }
            try saveModel(network, setup: setup)
            logger.info("resuming run", metadata: ["round": "\(state.metadata.round)", "completed": "\(state.metadata.completedRounds)"])
            return (state, report, lock)
        }
        if files.fileExists(atPath: setup.reportURL.path) {
            throw .checkpoint(path: setup.checkpointURL.path,
                              reason: "missing, but \(setup.reportURL.lastPathComponent) exists: refusing to start a second run over it")
        }
        let run = try RunParameters(config: config, rosterSize: identities.count)
        let network: Network
        do { network = try Network(architecture: config.model.architecture, seed: config.model.seed) } catch {
            throw .model(error)
        }
        let mechanism = try run.mechanism(dimension: network.architecture.parameterCount)
        let runID = RunID.random()
        let state = CoordinatorState(
            metadata: .init(version: CoordinatorState.version, runID: runID.description, run: run, architecture: network.architecture, round: 0,
                            completedRounds: 0, accountant: PrivacyAccountant(), lastRecord: nil),
            parameters: network.parameters, momentum: [])
        let expected = run.expectedParticipants
        let summary = RoundSampling.parameters(members: expected, config: config.secureAggregation,
                                               minimumSurvivors: run.minimumSurvivors)
        let record = ReportRunRecord(
            runID: runID.description, coordinatorKey: Hex.encode(signingKey.publicKey.rawRepresentation),
            privacy: PrivacyRunHeader(neighbouringRelation: run.sampling.neighbouringRelation, delta: config.privacy.delta,
                                      plannedNoiseMultiplier: run.noiseMultiplier, bits: run.bits,
                                      classStatistics: config.training.contribution == .classStatistics,
                                      federatedEvaluation: run.evaluation != nil),
            epsilonBudget: run.privacy ? config.privacy.epsilonBudget : .infinity,
            accountant: config.privacy.accountant,
            quantization: run.privacy ? ReportNoiseConfiguration(mechanism, evaluation: run.evaluationRecord) : nil,
            secureAggregation: config.secureAggregation.enabled
                ? SecureAggregationSummary(graph: summary.graph.name,
                                           neighbours: summary.degree, threshold: summary.threshold,
                                           toleratedCorruptFraction: config.secureAggregation.toleratedCorruptFraction) : nil,
            rosterHash: Hex.encode(SHA256.hash(rosterBytes)), softwareVersion: setup.softwareVersion,
            startedAt: ISO8601DateFormatter().string(from: Date()),
            sampling: ReportSampling(run.sampling, rosterSize: run.rosterSize))
        let report: PrivacyReportWriter
        do { report = try PrivacyReportWriter.create(at: setup.reportURL, run: record, signingKey: signingKey) } catch {
            throw .report(error)
        }
        try state.save(to: setup.checkpointURL)
        logger.info("starting a new run", metadata: [
            "run_id": "\(runID)", "participants": "\(identities.count)", "expected_per_round": "\(expected)",
            "minimum_survivors": "\(run.minimumSurvivors)", "noise_multiplier": "\(run.noiseMultiplier)",
        ])
        return (state, report, lock)
    }
}
