import Foundation
import Testing
import TestSupport

/// `coordinator run --metrics`, scraped as Prometheus does during a real
/// loopback run with three participant processes.
struct MetricsEndpointTests {
    /// The value of the series `series` (name and labels as printed), or nil.
    private func value(_ series: String, in text: String) -> Double? {
        text.split(separator: "\n").first { $0.hasPrefix(series + " ") }.flatMap { Double($0.split(separator: " ").last ?? "") }
    }

    /// What must hold: before round 1 the scrape shows the roster and no rounds;
    /// after round 1, while the coordinator waits for a participant that left,
    /// it shows round 1 completed, every other round started counted as aborted
    /// (the participant may leave after round 2 began: it then aborts), the participants
    /// sampled and surviving the last stage, every stage's duration histogram,
    /// bytes both ways, epsilon spent and the test accuracy.
    @Test func scrapeDuringARunShowsRoundsParticipantsStagesBytesAndPrivacy() throws {
        let federation = try LoopbackFederation(participants: 3)
        let (coordinator, port) = try federation.startCoordinator(rounds: 3, ["--metrics", "127.0.0.1:0", "--wait-seconds", "240"])
        defer { coordinator.kill() }
        let line = try #require(coordinator.standardError.split(separator: "\n").first { $0.contains("serving metrics") })
        let url = try #require(line.split(separator: " ").first { $0.hasPrefix("url=") })
        let metricsPort = try #require(url.split(separator: ":").last.flatMap { Int($0.prefix { $0.isNumber }) }, "\(line)")

        #expect(coordinator.waitForStandardError(containing: "waiting for participants", timeout: TestTimeScale.seconds(30)))
        let (status, before) = try HTTPGet.get(port: metricsPort, path: "/metrics")
        #expect(status.hasPrefix("HTTP/1.1 200"), "\(status)")
        #expect(value("chorus_participants_enrolled", in: before) == 3, "\(before)")
        #expect(value("chorus_participants_connected", in: before) == 0, "\(before)")
        #expect(value("chorus_rounds_started_total", in: before) == 0, "\(before)")
        #expect(value(#"chorus_rounds_aborted_total{reason="too_few_sampled"}"#, in: before) == 0, "\(before)")

        let participants = try (0..<3).map { try ChorusProcess.start(federation.joinArguments($0, port: port)) }
        defer { participants.forEach { $0.kill() } }
        try #require(participants[2].waitForStandardError(containing: "waiting for the next round plan", timeout: TestTimeScale.seconds(180)),
                     "round 1 did not end: \(coordinator.standardError)")
        participants[2].kill()
        try #require(coordinator.waitForStandardError(containingAnyOf: ["missing=1 round=2", "missing=1 round=3"], timeout: TestTimeScale.seconds(60)),
                     "\(coordinator.standardError)")

        let (_, after) = try HTTPGet.get(port: metricsPort, path: "/metrics")
        // Round 2 either has not started (the coordinator waits for the one that left) or
        // started with all three and aborted when it left.
        let aborted = try #require(value(#"chorus_rounds_aborted_total{reason="secure_aggregation"}"#, in: after), "\(after)")
        #expect(aborted == 0 || aborted == 1, "\(after)")
        #expect(value("chorus_rounds_started_total", in: after) == 1 + aborted, "\(after)")
        #expect(value("chorus_rounds_completed_total", in: after) == 1, "\(after)")
        #expect(value("chorus_participants_connected", in: after) == 2, "\(after)")
        #expect(value("chorus_participants_sampled", in: after) == 3, "\(after)")
        #expect(value(#"chorus_participants_surviving{stage="unmask"}"#, in: after) == 3, "\(after)")
        // Round 1 timed every stage once; an aborted round 2 may have timed the stages it finished.
        for stage in ["plan+train", "share-keys", "masked-input", "unmask"] {
            let count = try #require(value(#"chorus_stage_duration_seconds_count{stage="\#(stage)"}"#, in: after), "\(stage): \(after)")
            #expect(count >= 1 && count <= 1 + aborted, "\(stage): \(after)")
        }
        #expect(value(#"chorus_stage_duration_seconds_count{stage="unmask"}"#, in: after) == 1, "an aborted round never unmasks: \(after)")
        #expect(after.contains("# TYPE chorus_stage_duration_seconds histogram"), "\(after)")
        #expect((value("chorus_bytes_sent_total", in: after) ?? 0) > 3 * 4 * 100, "the model went to three participants: \(after)")
        #expect((value("chorus_bytes_received_total", in: after) ?? 0) > 0, "\(after)")
        #expect((value("chorus_epsilon_spent", in: after) ?? 0) > 0, "\(after)")
        let accuracy = try #require(value("chorus_test_accuracy", in: after), "\(after)")
        #expect((0...1).contains(accuracy))

        let (missing, _) = try HTTPGet.get(port: metricsPort, path: "/other")
        #expect(missing.hasPrefix("HTTP/1.1 404"), "\(missing)")
    }
}
