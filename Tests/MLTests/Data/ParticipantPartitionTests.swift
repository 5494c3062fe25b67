import Foundation
import ML
import Testing
import TestSupport

/// Participants get whole clips: IID evenly, Dirichlet skewed by alpha, or by file list.
struct ParticipantPartitionTests {
    /// 10 labels × `perLabel` clips, one segment each.
    private func set(perLabel: Int) -> FeatureSet {
        let count = 10 * perLabel
        return FeatureSet(labelNames: (0..<10).map { "g\($0)" }, melBands: 1, frames: 1,
                          values: [Float](repeating: 0, count: count),
                          labels: (0..<count).map { Int32($0 / perLabel) }, clipIndices: (0..<count).map { Int32($0) },
                          clips: (0..<count).map { "g\($0 / perLabel)/clip\($0).wav" })
    }

    private func expectExactCover(_ lists: [[Int]], clips: Int, _ comment: Comment) {
        let all = lists.flatMap { $0 }
        #expect(all.count == clips && Set(all).count == clips, comment)
    }

    @Test(arguments: [UInt64(0), 1, 2, 3])
    func iidGivesEveryoneNearlyEqualShares(seed: UInt64) throws {
        let lists = try ParticipantPartition.iid.assign(set(perLabel: 9), participants: 7, seed: seed)
        expectExactCover(lists, clips: 90, "seed \(seed)")
        let sizes = lists.map(\.count)
        #expect((sizes.max() ?? 0) - (sizes.min() ?? 0) <= 1, "seed \(seed): sizes \(sizes)")
    }

    /// The mean number of distinct labels a participant holds.
    private func meanLabels(_ lists: [[Int]], perLabel: Int) -> Double {
        Double(lists.reduce(0) { $0 + Set($1.map { $0 / perLabel }).count }) / Double(lists.count)
    }

    @Test(arguments: [UInt64(0), 1, 2, 3, 4])
    func dirichletCoversAllClipsLeavesNoOneEmptyAndSkewsWithSmallAlpha(seed: UInt64) throws {
        let data = set(perLabel: 20)
        let skewed = try ParticipantPartition.dirichlet(alpha: 0.1).assign(data, participants: 10, seed: seed)
        let mixed = try ParticipantPartition.dirichlet(alpha: 100).assign(data, participants: 10, seed: seed)
        for lists in [skewed, mixed] {
            expectExactCover(lists, clips: 200, "seed \(seed)")
            #expect(lists.allSatisfy { !$0.isEmpty }, "seed \(seed): no participant is empty")
        }
        let few = meanLabels(skewed, perLabel: 20), many = meanLabels(mixed, perLabel: 20)
        #expect(few < 5 && many > 9, "seed \(seed): alpha 0.1 gives \(few) labels each, alpha 100 gives \(many)")
    }

    @Test func partitionsAreDeterministicForASeed() throws {
        let data = set(perLabel: 5)
        for method in [ParticipantPartition.iid, .dirichlet(alpha: 0.5)] {
            let first = try method.assign(data, participants: 4, seed: 8)
            #expect(first == (try method.assign(data, participants: 4, seed: 8)))
            #expect(first != (try method.assign(data, participants: 4, seed: 9)))
        }
    }

    @Test func fileListsResolveIdsAndFileNames() throws {
        let directory = try TemporaryDirectory()
        let listFile = directory.file("p1.txt")
        try "# participant 1\ng1/clip5.wav\n\n  clip9.wav \n".write(to: listFile, atomically: true, encoding: .utf8)
        let second = try ParticipantPartition.readFileList(from: listFile)
        #expect(second == ["g1/clip5.wav", "clip9.wav"])
        let lists = try ParticipantPartition.fileLists([["g0/clip0.wav"], second]).assign(set(perLabel: 5),
                                                                                         participants: 2, seed: 0)
        #expect(lists == [[0], [5, 9]])
    }

    @Test func fileListErrorsNameTheParticipantAndClip() {
        let data = set(perLabel: 5)
        #expect(throws: AudioError.unknownClip(participant: 1, clip: "nope.wav")) {
            try ParticipantPartition.fileLists([["clip1.wav"], ["nope.wav"]]).assign(data, participants: 2, seed: 0)
        }
        #expect(throws: AudioError.clipListedTwice(clip: "g0/clip1.wav", firstParticipant: 0, secondParticipant: 1)) {
            try ParticipantPartition.fileLists([["clip1.wav"], ["g0/clip1.wav"]]).assign(data, participants: 2, seed: 0)
        }
    }

    @Test func impossibleRequestsAreErrors() {
        let data = set(perLabel: 1)
        #expect(throws: AudioError.invalidPartition(reason: "10 clips cannot give each of 11 participants one")) {
            try ParticipantPartition.iid.assign(data, participants: 11, seed: 0)
        }
        #expect(throws: AudioError.invalidPartition(reason: "alpha is 0.0; it must be positive")) {
            try ParticipantPartition.dirichlet(alpha: 0).assign(data, participants: 2, seed: 0)
        }
        #expect(throws: AudioError.invalidPartition(reason: "1 file lists for 2 participants")) {
            try ParticipantPartition.fileLists([["clip0.wav"]]).assign(data, participants: 2, seed: 0)
        }
    }
}
