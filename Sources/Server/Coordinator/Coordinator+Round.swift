import ChorusSupport
import DifferentialPrivacy
import Federation
import Foundation
import ML
import SecureAgg
import Transport

extension Coordinator {
    /// How the protocol part of a round ended.
    enum ProtocolOutcome {
        case completed(sum: [UInt32], survivors: [ParticipantID])
        case aborted(String)
    }

    /// Samples, sends plans, drives the aggregation, then applies or discards the result.
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
        let members = Dictionary(uniqueKeysWithValues: sampledIDs.compactMap { id in connected[id].map { (id, $0) } })
        if members.count < sampledIDs.count {
            logger.info("selected participants absent", metadata: ["round": "\(round)", "selected": "\(sampledIDs.count)",
                                                                   "absent": "\(sampledIDs.count - members.count)"])
        }
        var summary = RoundSummary(round: round, outcome: .completed, sampled: members.count, survivors: 0,
                                   testAccuracy: nil, testLoss: nil, epsilon: nil, stageSeconds: [], seconds: 0)
        let roundSeed: RoundSeed
        do {
            var generator = try SecureRandomGenerator()
            roundSeed = try RoundSeed(bytes: (0..<RoundSeed.byteCount).map { _ in UInt8.random(in: 0...255, using: &generator) })
        } catch {
            throw .noSecureRandomness(purpose: "the round seed", error)
        }
        // The round id is spent before any plan leaves: a restart never reuses it.
        state.metadata.round = round
        try state.save(to: setup.checkpointURL)
        let outcome: ProtocolOutcome
        if members.count < max(2, run.minimumSurvivors) {
            outcome = .aborted("\(members.count) participants sampled, fewer than the \(max(2, run.minimumSurvivors)) a round needs")
        } else {
            outcome = try await aggregate(round, selected: sampledIDs, members: members, roundSeed: roundSeed, summary: &summary)
        }
        switch outcome {
        case .completed(let sum, let survivors):
            try apply(round, sum: sum, survivors: survivors, roundSeed: roundSeed, summary: &summary)
        case .aborted(let reason):
            logger.warning("round aborted", metadata: ["round": "\(round)", "reason": "\(reason)"])
            summary.outcome = .aborted(reason: reason)
            try recordIfExposed(round)
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

    /// Sends the plans and runs the aggregation stages until the sum is known or the round aborts.
    private func aggregate(_ round: UInt64, selected: [ParticipantID], members: [ParticipantID: UInt64], roundSeed: RoundSeed,
                           summary: inout RoundSummary) async throws(ServerError) -> ProtocolOutcome {
        let ids = members.keys.sorted()
        let length = UpdateLayout.vectorLength(dimension: state.metadata.architecture.parameterCount)
        guard let runID = RunID(hex: state.metadata.runID) else {
            throw .checkpoint(path: setup.checkpointURL.path, reason: "run id \(state.metadata.runID) is not \(2 * RunID.byteCount) hex digits")
        }
        var aggregation: Aggregation
        var configuration: RoundConfiguration?
        if config.secureAggregation.enabled {
            let parameters = RoundSampling.parameters(members: ids.count, config: config.secureAggregation,
                                                      minimumSurvivors: run.minimumSurvivors)
            do {
                let secure = try RoundConfiguration(
                    run: runID, round: round, dimension: length, parameters: parameters, graphSeed: RoundConfiguration.randomGraphSeed(),
                    members: ids.map { RoundConfiguration.Member(id: $0, identity: identities[Int($0.rawValue)]) })
                configuration = secure
                aggregation = .secure(SecureAggServer(configuration: secure))
            } catch {
                return .aborted("cannot configure secure aggregation for \(ids.count) participants: \(error)")
            }
        } else {
            aggregation = .plain(PlainAggregation(members: ids, length: length))
        }

        let model = PlanMessage.encodedParameters(state.parameters)
        let hash = PlanMessage.modelHash(state.parameters)
        let training = LocalTraining(epochs: config.training.epochs, batchSize: config.training.batchSize,
                                     optimizer: config.training.optimizer(round: round, of: config.rounds),
                                     seed: round, augmentation: config.training.augmentation ?? .off,
                                     contribution: config.training.contribution ?? .modelUpdate)
        for id in ids {
            let plan = RoundPlan(run: runID, round: round, participant: id, architecture: state.metadata.architecture, modelHash: hash,
                                 roundSeed: roundSeed, quantization: run.quantization, secureAggregation: configuration,
                                 training: training, samplingRate: run.samplingRate, delta: config.privacy.delta,
                                 accountantKind: config.privacy.accountant, accountant: state.metadata.accountant)
            let payload = PlanMessage.encode(plan: plan, signingKey: signingKey, encodedParameters: model)
            if let generation = members[id] {
                hub.send(Frame(type: FrameKind.plan.rawValue, round: round, payload: payload), to: id, generation: generation)
            }
        }
        CrashPoint.reach("coordinator.plans-sent")
        return try await drive(&aggregation, round: round, selected: selected, members: members, secure: configuration,
                               summary: &summary)
    }

    /// The event loop of one round: frames, disconnections and deadlines into
    /// the aggregation, its actions out. A silent peer becomes a dropout at the
    /// stage's deadline; a malformed frame drops only its sender. Before the
    /// aggregate can first be seen (the unmask requests of secure aggregation,
    /// the last plain update) the round is committed: accounted and checkpointed.
    private func drive(_ aggregation: inout Aggregation, round: UInt64, selected: [ParticipantID],
                       members: [ParticipantID: UInt64], secure: RoundConfiguration?,
                       summary: inout RoundSummary) async throws(ServerError) -> ProtocolOutcome {
        let clock = ContinuousClock()
        var stageStart = clock.now
        var step = 0
        var stage = aggregation.stage
        var live = members
        var committed = false
        var deadline = arm(round: round, step: step, seconds: config.trainingDeadlineSeconds)
        defer { deadline.cancel() }
        while true {
            guard let event = await events.next() else { return .aborted("the coordinator is shutting down") }
            var actions: [Aggregation.Action] = []
            switch event {
            case .connected:
                continue
            case let .deadline(eventRound, eventStep):
                guard eventRound == round, eventStep == step, let current = aggregation.stage else { continue }
                logger.info("stage deadline passed", metadata: ["round": "\(round)", "stage": "\(current)"])
                actions = aggregation.deadlineElapsed(stage: current)
            case let .closed(id, generation, reason):
                guard live[id] == generation else { continue }
                live[id] = nil
                logger.info("participant left the round", metadata: ["round": "\(round)", "peer": "\(id)", "reason": "\(reason)"])
                actions = aggregation.peerDisconnected(id)
            case let .frame(id, generation, frame):
                guard live[id] == generation else { continue }
                guard frame.round == round else {
                    logger.debug("frame of another round ignored", metadata: ["peer": "\(id)", "frame_round": "\(frame.round)"])
                    continue
                }
                if frame.type == aggregation.clientFrame.rawValue {
                    actions = aggregation.receive(frame.payload, from: id)
                } else if frame.type == FrameKind.decline.rawValue {
                    let reason = (try? Decline.decode(frame.payload).reason) ?? "malformed decline"
                    logger.info("participant declined", metadata: ["round": "\(round)", "peer": "\(id)", "reason": "\(reason)"])
                    live[id] = nil
                    actions = aggregation.peerDisconnected(id)
                } else {
                    logger.warning("dropping participant: unexpected frame", metadata: ["peer": "\(id)", "type": "\(frame.type)"])
                    hub.drop(id, generation: generation)
                    live[id] = nil
                    actions = aggregation.peerDisconnected(id)
                }
            }
            while !actions.isEmpty {
                let action = actions.removeFirst()
                if !committed, let contributors = aggregation.contributorsOnceRevealing {
                    committed = true
                    if let refusal = try commitExposure(round, sampled: selected, contributors: contributors, secure: secure) {
                        return .aborted(refusal)
                    }
                }
                switch action {
                case let .send(message, to):
                    if let generation = live[to] {
                        hub.send(Frame(type: FrameKind.secureAggServer.rawValue, round: round, payload: message.encode()),
                                 to: to, generation: generation)
                    }
                case let .dropPeer(id, reason):
                    logger.warning("dropping participant", metadata: ["round": "\(round)", "peer": "\(id)", "reason": "\(reason)"])
                    if let generation = live[id] { hub.drop(id, generation: generation) }
                    live[id] = nil
                case let .completeRound(sum, survivors):
                    summary.stageSeconds.append((Self.stepName(stage, step: step), (clock.now - stageStart).seconds))
                    summary.stageParticipants.append((Self.stepName(stage, step: step), survivors.count))
                    return .completed(sum: sum, survivors: survivors)
                case let .abortRound(reason):
                    return .aborted("secure aggregation aborted: \(reason)")
                }
                if actions.isEmpty, aggregation.stage != stage {
                    summary.stageSeconds.append((Self.stepName(stage, step: step), (clock.now - stageStart).seconds))
                    summary.stageParticipants.append((Self.stepName(stage, step: step), live.count))
                    stage = aggregation.stage
                    stageStart = clock.now
                    step += 1
                    deadline.cancel()
                    deadline = arm(round: round, step: step, seconds: config.stageDeadlineSeconds)
                    // Members already gone would otherwise be awaited in the new stage until its deadline.
                    for gone in members.keys.sorted() where live[gone] == nil {
                        actions += aggregation.peerDisconnected(gone)
                    }
                }
            }
        }
    }

    /// The name of a protocol step in stage timings.
    static func stepName(_ stage: Stage?, step: Int) -> String {
        if step == 0 { return "plan+train" }
        return switch stage {
        case .advertiseKeys: "advertise-keys"
        case .shareKeys: "share-keys"
        case .maskedInput: "masked-input"
        case .consistencyCheck: "consistency"
        case .unmask: "unmask"
        case nil: "done"
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
