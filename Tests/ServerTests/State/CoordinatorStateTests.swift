import DifferentialPrivacy
import Foundation
import ML
import Server
import Testing
import TestSupport

struct CoordinatorStateTests {
    static func state() throws -> CoordinatorState {
        let architecture = FederationFixture.architecture
        var accountant = PrivacyAccountant()
        try accountant.addRounds(samplingRate: 0.5, noiseMultiplier: 1.2, count: 4)
        let run = try RunParameters(config: CoordinatorConfig.defaults(hosts: []), rosterSize: 10)
        let parameters = try Network(architecture: architecture, seed: 2).parameters
        return CoordinatorState(
            metadata: .init(version: CoordinatorState.version, runID: String(repeating: "5a", count: 16), run: run, architecture: architecture, round: 4,
                            completedRounds: 3, accountant: accountant, lastRecord: nil),
            parameters: parameters, momentum: parameters.map { $0 / 2 })
    }

    @Test func checkpointRoundTrips() throws {
        let directory = try TemporaryDirectory()
        let state = try Self.state()
        try state.save(to: directory.file("checkpoint.bin"))
        let loaded = try CoordinatorState.load(from: directory.file("checkpoint.bin"))
        #expect(loaded.parameters == state.parameters)
        #expect(loaded.momentum == state.momentum)
        #expect(loaded.metadata.round == 4 && loaded.metadata.completedRounds == 3)
        #expect(loaded.metadata.accountant == state.metadata.accountant)
        #expect(loaded.metadata.run == state.metadata.run)
    }

    @Test func damagedCheckpointIsRefusedWithItsPath() throws {
        let directory = try TemporaryDirectory()
        let url = directory.file("checkpoint.bin")
        try Self.state().save(to: url)
        var bytes = try [UInt8](Data(contentsOf: url))
        bytes[bytes.count / 2] ^= 1
        try Data(bytes).write(to: url)
        #expect(throws: ServerError.checkpoint(path: url.path, reason: "checksum mismatch: the file is damaged")) {
            try CoordinatorState.load(from: url)
        }
        try Data(bytes.prefix(20)).write(to: url)
        #expect(throws: ServerError.self) { try CoordinatorState.load(from: url) }
    }
}
