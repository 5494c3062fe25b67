import ChorusSupport
import DifferentialPrivacy
import Federation
import Foundation
import ML
import SecureAgg
import Transport

extension Coordinator {
    /// Samples, then drives one `RoundCoordinator`: hub events into it, its
    /// actions out (plans, messages, drops, deadlines, commit, apply or abort),
    /// and finally tells the round's members how it ended.
    func runRound(_ round: UInt64, connected: [ParticipantID: UInt64]) async throws(ServerError) -> RoundSummary {
        let clock = ContinuousClock()
        let started = clock.now
        let sampledIDs: [ParticipantID]
        do {
            let roster = identities.indices.map { ParticipantID(UInt32($0)) }
            sampledIDs = try RoundSampling.sample(roster, scheme: run.sampling)
        } catch {
            throw .noSecureRandomness(purpose: "sampling", error)
        }
        let roundSeed: RoundSeed
        do {
            var generator = try SecureRandomGenerator()
            roundSeed = try RoundSeed(bytes: (0..<RoundSeed.byteCount).map { _ in UInt8.random(in: 0...255, using: &generator) })
        } catch {
            throw .noSecureRandomness(purpose: "the round seed", error)
        }
        guard let runID = RunID(hex: state.metadata.runID) else {
            throw .checkpoint(path: setup.checkpointURL.path, reason: "run id \(state.metadata.runID) is not \(2 * RunID.byteCount) hex digits")
        }
        let settings = RoundCoordinator.Settings(
            run: runID, length: mechanism.paddedDimension,
            secureAggregation: config.secureAggregation.enabled ? config.secureAggregation : nil, identities: identities,
            graphSeed: RoundConfiguration.randomGraphSeed(), minimumSurvivors: run.minimumSurvivors,
            trainingDeadline: config.trainingDeadlineSeconds, stageDeadline: config.stageDeadlineSeconds)
        var machine = RoundCoordinator(round: round, selected: sampledIDs, connected: Set(connected.keys), settings: settings)
        let members = connected.filter { machine.memberIDs.contains($0.key) }
        var summary = RoundSummary(round: round, outcome: .completed, sampled: members.count, survivors: 0,
                                   testAccuracy: nil, testLoss: nil, epsilon: nil, stageSeconds: [], seconds: 0)
        var pending = machine.start()
        var deadline: Task<Void, Never>?
        defer { deadline?.cancel() }
        var stepStarted = clock.now
        var ended = false
        while true {
            for action in pending {
                switch action {
                case .spendRound:
                    // The round id is spent before any plan leaves: a restart never reuses it.
                    state.metadata.round = round
                    try state.save(to: setup.checkpointURL)
                case let .sendPlans(ids, secure):
                    sendPlans(round, to: ids, members: members, secure: secure, roundSeed: roundSeed)
                    stepStarted = clock.now
                case let .armDeadline(step, seconds):
                    deadline?.cancel()
                    deadline = arm(round: round, step: step, seconds: seconds)
                case let .send(message, to):
                    if let generation = members[to] {
                        hub.send(Frame(type: FrameKind.secureAggServer.rawValue, round: round, payload: message.encode()),
                                 to: to, generation: generation)
                    }
                case let .dropPeer(id, reason, connected):
                    logger.warning("dropping participant", metadata: ["round": "\(round)", "peer": "\(id)", "reason": "\(reason)"])
                    if connected, let generation = members[id] { hub.drop(id, generation: generation) }
                case let .commit(sampled, contributors, secure):
                    try commitExposure(round, sampled: sampled, contributors: contributors, secure: secure)
                case let .stepEnded(name, participants):
                    summary.stageSeconds.append((name, (clock.now - stepStarted).seconds))
                    summary.stageParticipants.append((name, participants))
                    stepStarted = clock.now
                case let .complete(sum, survivors):
                    ended = true
                    try apply(round, sum: sum, survivors: survivors, roundSeed: roundSeed, summary: &summary)
                case .abort(let reason):
                    ended = true
                    logger.warning("round aborted", metadata: ["round": "\(round)", "reason": "\(reason)"])
                    summary.outcome = .aborted(reason: reason)
                    try recordIfExposed(round)
                case .note(let note):
                    log(note, round: round)
                }
            }
            if ended { break }
            guard let event = await events.next() else {
                pending = [.abort(reason: "the coordinator is shutting down")]
                continue
            }
            switch event {
            case .connected:
                pending = []
            case let .deadline(eventRound, step):
                pending = eventRound == round ? machine.deadlineElapsed(step: step) : []
            case let .closed(id, generation, reason):
                pending = members[id] == generation ? machine.peerDisconnected(id, reason: reason) : []
            case let .frame(id, generation, frame):
                pending = members[id] == generation ? machine.receive(frame, from: id) : []
            }
        }
        let notice: Notice
        switch summary.outcome {
        case .completed: notice = Notice(outcome: .completed, message: "round \(round) applied")
        case .aborted(let reason): notice = Notice(outcome: .aborted, message: reason)
        }
        for (id, generation) in members {
            hub.send(Frame(type: FrameKind.notice.rawValue, round: round, payload: notice.encode()), to: id, generation: generation)
        }
        summary.seconds = (clock.now - started).seconds
        return summary
    }

    /// Signs and sends each member its plan with the current model.
    private func sendPlans(_ round: UInt64, to ids: [ParticipantID], members: [ParticipantID: UInt64],
                           secure: RoundConfiguration?, roundSeed: RoundSeed) {
        let runID = RunID(hex: state.metadata.runID)
        let model = PlanMessage.encodedParameters(state.parameters)
        let hash = PlanMessage.modelHash(state.parameters)
        let training = LocalTraining(epochs: config.training.epochs, batchSize: config.training.batchSize,
                                     optimizer: config.training.optimizer(round: round, of: config.rounds),
                                     seed: round, augmentation: config.training.augmentation ?? .off,
                                     contribution: config.training.contribution ?? .modelUpdate)
        for id in ids {
            guard let runID, let generation = members[id] else { continue }
            let plan = RoundPlan(run: runID, round: round, participant: id, architecture: state.metadata.architecture, modelHash: hash,
                                 roundSeed: roundSeed, quantization: run.quantization, secureAggregation: secure,
                                 training: training, samplingRate: run.samplingRate, delta: config.privacy.delta,
                                 accountantKind: config.privacy.accountant, accountant: state.metadata.accountant)
            let payload = PlanMessage.encode(plan: plan, signingKey: signingKey, encodedParameters: model)
            hub.send(Frame(type: FrameKind.plan.rawValue, round: round, payload: payload), to: id, generation: generation)
        }
        #if CHORUS_FAULT_INJECTION
        CrashPoint.reach("coordinator.plans-sent")
        #endif
    }

    /// The log line of a `RoundCoordinator.Note`.
    private func log(_ note: RoundCoordinator.Note, round: UInt64) {
        switch note {
        case let .absent(selected, absent):
            logger.info("selected participants absent", metadata: ["round": "\(round)", "selected": "\(selected)", "absent": "\(absent)"])
        case .deadlinePassed(let stage):
            logger.info("stage deadline passed", metadata: ["round": "\(round)", "stage": "\(stage)"])
        case let .peerLeft(id, reason):
            logger.info("participant left the round", metadata: ["round": "\(round)", "peer": "\(id)", "reason": "\(reason)"])
        case let .peerDeclined(id, reason):
            logger.info("participant declined", metadata: ["round": "\(round)", "peer": "\(id)", "reason": "\(reason)"])
        case let .frameOfAnotherRound(id, frameRound):
            logger.debug("frame of another round ignored", metadata: ["peer": "\(id)", "frame_round": "\(frameRound)"])
        }
    }

    private func arm(round: UInt64, step: Int, seconds: Double) -> Task<Void, Never> {
        let hub = self.hub
        return Task {
            do { try await Task.sleep(for: .seconds(seconds)) } catch { return }
            hub.post(.deadline(round: round, step: step))
        }
    }
}
