import Federation
import SecureAgg
import Transport

/// One round of the coordinator as a pure state machine: which members it
/// waits for, when each protocol step ends, when the round must be committed
/// (accounted and checkpointed) before its aggregate can first be seen, and
/// how it ends. It reads no clock, socket or random source: time comes as
/// `deadlineElapsed(step:)`, randomness (sample, graph seed) as arguments,
/// and every effect leaves as an `Action` for `Coordinator` to carry out.
package struct RoundCoordinator: Sendable {
    /// What a running round holds.
    private struct Running: Sendable {
        var aggregation: Aggregation
        var configuration: RoundConfiguration?
        /// Members whose connection still counts for the round.
        var live: Set<ParticipantID>
        /// The protocol step under way (0: plan and training) and the aggregation stage it is in.
        var step = 0
        var stage: Stage?
        var committed = false
    }

    private enum State: Sendable {
        case idle
        case running(Running)
        case finished
        /// Transient, while a running state is being changed in place.
        case modifying
    }

    package let round: UInt64
    private let selected: [ParticipantID]
    private let members: [ParticipantID]
    private let settings: Settings
    private var state = State.idle

    /// - Parameters:
    ///   - selected: the participants sampled from the whole roster.
    ///   - connected: those of them connected now: the round's members.
    package init(round: UInt64, selected: [ParticipantID], connected: Set<ParticipantID>, settings: Settings) {
        self.round = round
        self.selected = selected
        members = selected.filter(connected.contains)
        self.settings = settings
    }

    /// The round's members, ascending.
    package var memberIDs: [ParticipantID] { members }

    /// True once the round completed or aborted.
    package var isFinished: Bool {
        switch state {
        case .finished: true
        case .idle, .running, .modifying: false
        }
    }

    /// Starts the round: spends its id, then aborts (too few members, no
    /// usable secure-aggregation configuration) or sends the plans.
    package mutating func start() -> [Action] {
        guard case .idle = state else { preconditionFailure("round \(round) started twice") }
        var actions: [Action] = [.spendRound]
        if members.count < selected.count {
            actions.append(.note(.absent(selected: selected.count, absent: selected.count - members.count)))
        }
        let needed = max(2, settings.minimumSurvivors)
        guard members.count >= needed else {
            state = .finished
            return actions + [.abort(reason: "\(members.count) participants sampled, fewer than the \(needed) a round needs")]
        }
        let aggregation: Aggregation
        var configuration: RoundConfiguration?
        if let secure = settings.secureAggregation {
            let parameters = RoundSampling.parameters(members: members.count, config: secure,
                                                      minimumSurvivors: settings.minimumSurvivors)
            do {
                let made = try RoundConfiguration(
                    run: settings.run, round: round, dimension: settings.length, parameters: parameters, graphSeed: settings.graphSeed,
                    members: members.map { RoundConfiguration.Member(id: $0, identity: settings.identities[Int($0.rawValue)]) })
                configuration = made
                aggregation = .secure(SecureAggServer(configuration: made))
            } catch {
                state = .finished
                return actions + [.abort(reason: "cannot configure secure aggregation for \(members.count) participants: \(error)")]
            }
        } else {
            aggregation = .plain(PlainAggregation(members: members, length: settings.length))
        }
        state = .running(Running(aggregation: aggregation, configuration: configuration, live: Set(members),
                                 stage: aggregation.stage))
        return actions + [.sendPlans(to: members, secureAggregation: configuration),
                          .armDeadline(step: 0, seconds: settings.trainingDeadline)]
    }

    /// A frame from member `peer` (of the connection the round started with).
    package mutating func receive(_ frame: Frame, from peer: ParticipantID) -> [Action] {
        guard case .running(var running) = state, running.live.contains(peer) else { return [] }
        guard frame.round == round else { return [.note(.frameOfAnotherRound(peer, round: frame.round))] }
        state = .modifying
        var out: [Action] = []
        let events: [Aggregation.Action]
        if frame.type == running.aggregation.clientFrame.rawValue {
            events = running.aggregation.receive(frame.payload, from: peer)
        } else if frame.type == FrameKind.decline.rawValue {
            let reason = (try? Decline.decode(frame.payload).reason) ?? "malformed decline"
            out.append(.note(.peerDeclined(peer, reason: reason)))
            running.live.remove(peer)
            events = running.aggregation.peerDisconnected(peer)
        } else {
            out.append(.dropPeer(peer, reason: "unexpected frame type \(frame.type)", connected: true))
            running.live.remove(peer)
            events = running.aggregation.peerDisconnected(peer)
        }
        process(events, running: consume running, into: &out)
        return out
    }

    /// The connection of member `peer` closed.
    package mutating func peerDisconnected(_ peer: ParticipantID, reason: String) -> [Action] {
        guard case .running(var running) = state, running.live.contains(peer) else { return [] }
        state = .modifying
        running.live.remove(peer)
        var out: [Action] = [.note(.peerLeft(peer, reason: reason))]
        let events = running.aggregation.peerDisconnected(peer)
        process(events, running: consume running, into: &out)
        return out
    }

    /// The deadline armed for `step` passed: silent members become dropouts.
    package mutating func deadlineElapsed(step: Int) -> [Action] {
        guard case .running(var running) = state, running.step == step, let stage = running.aggregation.stage else { return [] }
        state = .modifying
        var out: [Action] = [.note(.deadlinePassed(stage))]
        let events = running.aggregation.deadlineElapsed(stage: stage)
        process(events, running: consume running, into: &out)
        return out
    }

    /// Turns the aggregation's actions into the driver's, committing the round
    /// before the first action that follows the aggregate becoming visible, and
    /// opening the next step (a new deadline) when the stage changed.
    private mutating func process(_ events: [Aggregation.Action], running: consuming Running, into out: inout [Action]) {
        var pending = events
        while !pending.isEmpty {
            let event = pending.removeFirst()
            if !running.committed, let contributors = running.aggregation.contributorsOnceRevealing {
                running.committed = true
                guard contributors.count >= settings.minimumSurvivors else {
                    state = .finished
                    out.append(.abort(reason: """
                        \(contributors.count) contributors, fewer than the \(settings.minimumSurvivors) whose noise the run promised; \
                        the aggregate is not unmasked
                        """))
                    return
                }
                out.append(.commit(sampled: selected, contributors: contributors, secureAggregation: running.configuration))
            }
            switch event {
            case let .send(message, to):
                if running.live.contains(to) { out.append(.send(message, to: to)) }
            case let .dropPeer(peer, reason):
                out.append(.dropPeer(peer, reason: "\(reason)", connected: running.live.contains(peer)))
                running.live.remove(peer)
            case let .completeRound(sum, survivors):
                state = .finished
                out.append(.stepEnded(name: Self.stepName(running.stage, step: running.step), participants: survivors.count))
                out.append(.complete(sum: sum, survivors: survivors))
                return
            case let .abortRound(reason):
                state = .finished
                out.append(.abort(reason: "secure aggregation aborted: \(reason)"))
                return
            }
            if pending.isEmpty, running.aggregation.stage != running.stage {
                out.append(.stepEnded(name: Self.stepName(running.stage, step: running.step), participants: running.live.count))
                running.stage = running.aggregation.stage
                running.step += 1
                out.append(.armDeadline(step: running.step, seconds: settings.stageDeadline))
                // Members already gone would otherwise be awaited in the new stage until its deadline.
                for gone in members where !running.live.contains(gone) {
                    pending += running.aggregation.peerDisconnected(gone)
                }
            }
        }
        state = .running(running)
    }
}
