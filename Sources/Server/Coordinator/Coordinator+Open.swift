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
    static func openRun(_ setup: CoordinatorSetup, identities: [Ed25519PublicKey], rosterBytes: [UInt8],
                        signingKey: Ed25519SigningKey,
                        logger: Logger) throws(ServerError) -> (CoordinatorState, PrivacyReportWriter, RunDirectoryLock) {
        let config = setup.config
        do {
            try FileManager.default.createDirectory(at: setup.outputDirectory, withIntermediateDirectories: true)
        } catch {
            throw .checkpoint(path: setup.outputDirectory.path, reason: "cannot create the directory: \(error)")
        }
        let lock = try RunDirectoryLock(directory: setup.outputDirectory)
        let files = FileManager.default
        let checkpoint = files.fileExists(atPath: setup.checkpointURL.path) ? try CoordinatorState.load(from: setup.checkpointURL) : nil
        var existingReport: PrivacyReportWriter?
        if files.fileExists(atPath: setup.reportURL.path) {
            do { existingReport = try PrivacyReportWriter.resume(at: setup.reportURL, signingKey: signingKey) } catch { throw .report(error) }
        }
        let decision: RunResumption
        do {
            decision = try RunResumption.decide(
                checkpoint: checkpoint?.metadata,
                report: existingReport.map { .init(runID: $0.runID, lastRound: $0.lastRound, isClosed: $0.isClosed) },
                architecture: config.model.architecture, rounds: config.rounds)
        } catch {
            throw refusal(error, setup: setup)
        }
        switch decision {
        case .start:
            break
        case let .resume(_, nextRound, appendLastRecord):
            guard let state = checkpoint, var report = existingReport else {
                preconditionFailure("RunResumption resumes only with a checkpoint and a report")
            }
            if appendLastRecord, let record = state.metadata.lastRecord {
                do { try report.append(record) } catch { throw .report(error) }
                logger.info("appended the checkpoint's last round to the report", metadata: ["round": "\(record.round)"])
            }
            AtomicFile.removeAbandonedTemporaries(of: setup.checkpointURL)
            // The model file may lag the checkpoint if the last run died between the two.
            let network: Network
            do { network = try Network(architecture: state.metadata.architecture, parameters: state.parameters) } catch {
                throw .model(error)
            }
            try saveModel(network, setup: setup)
            logger.info("resuming run", metadata: ["next_round": "\(nextRound)", "completed": "\(state.metadata.completedRounds)"])
            return (state, report, lock)
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

    /// A refusal as the operator reads it: the file at fault and what to do.
    private static func refusal(_ refusal: RunResumption.Refusal, setup: CoordinatorSetup) -> ServerError {
        let checkpoint = setup.checkpointURL
        switch refusal {
        case .reportWithoutCheckpoint:
            return .checkpoint(path: checkpoint.path,
                               reason: "missing, but \(setup.reportURL.lastPathComponent) exists: refusing to start a second run over it")
        case .checkpointWithoutReport:
            return .report(.file(path: setup.reportURL.path, reason: """
                missing, but \(checkpoint.lastPathComponent) exists: restore the report to resume the run, \
                or start a new run in another output directory
                """))
        case let .otherArchitecture(found, requested):
            return .checkpoint(path: checkpoint.path, reason: """
                it holds a run of another model (\(found.summary)) than the one asked for \
                (\(requested.summary)): to resume that run, pass the --architecture it was started with; \
                to start a new run, pass another --out directory (or a new --dir)
                """)
        case let .otherRun(found, reported):
            return .checkpoint(path: checkpoint.path, reason: """
                it holds run \(found) but \(setup.reportURL.lastPathComponent) is the report of run \(reported): \
                put back the two files of one run, or start a new run in another output directory
                """)
        case let .finished(round):
            return .checkpoint(path: setup.reportURL.path,
                               reason: "the run is finished (its report is sealed after round \(round)); start a new run in another output directory")
        }
    }
}
