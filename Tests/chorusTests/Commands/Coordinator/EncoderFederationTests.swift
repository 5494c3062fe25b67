import Foundation
import ML
import Testing
import TestSupport

/// `coordinator run --encoder` and `participant join --encoder` on 127.0.0.1:
/// the plans carry the encoder's digest, and a participant holding another
/// encoder's embeddings declines, naming both.
struct EncoderFederationTests {
    @Test func participantWithAnotherEncoderDeclinesNamingBothDigests() throws {
        let federation = try LoopbackFederation(participants: 2)
        let same = federation.temporary.file("a.encoder"), other = federation.temporary.file("b.encoder")
        try EncoderCommandTests.writeEncoder(seed: 1, to: same)
        try EncoderCommandTests.writeEncoder(seed: 2, to: other)
        let (coordinator, port) = try federation.startCoordinator(rounds: 1, ["--encoder", same.path, "--architecture", "linear",
                                                                              "--json"])
        defer { coordinator.kill() }
        let matching = try ChorusProcess.start(federation.joinArguments(0, port: port, ["--encoder", same.path, "--json"]))
        let mismatched = try ChorusProcess.start(federation.joinArguments(1, port: port, ["--encoder", other.path, "--json"]))
        defer { matching.kill(); mismatched.kill() }

        let declined = try #require(mismatched.wait(timeout: TestTimeScale.seconds(300))?.result, "\(mismatched.standardError)")
        #expect(try LoopbackFederation.json(declined.stdout)["declined"] as? Int == 1, "\(declined.stdout)")
        // The participant with the coordinator's encoder took part (the round then aborts: it is alone).
        let took = try #require(matching.wait(timeout: TestTimeScale.seconds(120))?.result, "\(matching.standardError)")
        #expect(try LoopbackFederation.json(took.stdout)["declined"] as? Int == 0, "\(took.stdout)")
        let run = try #require(coordinator.wait(timeout: TestTimeScale.seconds(120))?.result, "\(coordinator.standardError)")
        let line = try #require(run.stderr.split(separator: "\n").first { $0.contains("participant declined") }, "\(run.stderr)")
        #expect(line.contains("the round trains a head on encoder") && line.contains("this participant's embeddings come from encoder"),
                "\(line)")
        // Both digests named (their first 16 hex digits, as the policy prints them).
        for url in [same, other] {
            let digest = AudioEncoder(try EncoderFile.load(from: url)).digest
            #expect(line.contains(String(digest.prefix(16))), "\(url.lastPathComponent) \(digest) in \(line)")
        }
    }
}
