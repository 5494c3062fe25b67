import ChorusSupport
import Foundation

/// How the training clips are divided among the participants of a
/// federation. Every method assigns whole clips (never segments) and is
/// deterministic for a seed.
public enum ParticipantPartition: Sendable, Equatable {
    /// Each label's clips shuffled and dealt round-robin: every participant gets
    /// nearly the same number of clips and the same label mix (sizes differ by at most one).
    case iid
    /// Non-IID by label: for each label, shares drawn from a symmetric
    /// Dirichlet(alpha) over the participants (small alpha: each participant
    /// holds few labels; large alpha: close to IID). A participant left
    /// empty takes one clip from the largest participant.
    case dirichlet(alpha: Double)
    /// Explicit lists of clip ids, one list per participant. An entry matches
    /// a clip id exactly (`blues/blues.00000.au`) or, if unique, its file name.
    /// Clips on no list are left out.
    case fileLists([[String]])

    /// The clip indices (into `set.clips`) of each participant, each list sorted.
    /// - Parameter participants: how many participants; for `.fileLists` it must equal the number of lists.
    /// - Throws: `AudioError.invalidPartition` (fewer clips than participants,
    ///   alpha not positive, list count mismatch), `.unknownClip`, `.clipListedTwice`.
    public func assign(_ set: FeatureSet, participants: Int, seed: UInt64) throws(AudioError) -> [[Int]] {
        guard participants >= 1 else { throw .invalidPartition(reason: "\(participants) participants; need at least 1") }
        var random = SeededGenerator(seed: seed)
        let groups = set.clipsByLabel()
        let clipCount = groups.reduce(0) { $0 + $1.count }
        switch self {
        case .iid:
            guard clipCount >= participants else { throw Self.tooFewClips(clipCount, participants) }
            var lists = [[Int]](repeating: [], count: participants)
            var next = 0
            for var members in groups {
                random.shuffle(&members)
                for clip in members {
                    lists[next].append(clip)
                    next = (next + 1) % participants
                }
            }
            return lists.map { $0.sorted() }
        case .dirichlet(let alpha):
            guard alpha > 0 && alpha.isFinite else { throw .invalidPartition(reason: "alpha is \(alpha); it must be positive") }
            guard clipCount >= participants else { throw Self.tooFewClips(clipCount, participants) }
            var lists = [[Int]](repeating: [], count: participants)
            for var members in groups {
                random.shuffle(&members)
                let shares = random.dirichlet(alpha: alpha, count: participants)
                var cumulative = 0.0, start = 0
                for (participant, share) in shares.enumerated() {
                    cumulative += share
                    let end = participant == participants - 1
                        ? members.count : min(members.count, Int((cumulative * Double(members.count)).rounded()))
                    lists[participant] += members[start..<max(start, end)]
                    start = max(start, end)
                }
            }
            for empty in lists.indices where lists[empty].isEmpty {
                let largest = lists.indices.max { lists[$0].count < lists[$1].count } ?? empty
                lists[largest].sort()
                if let moved = lists[largest].popLast() { lists[empty].append(moved) }
            }
            return lists.map { $0.sorted() }
        case .fileLists(let names):
            guard names.count == participants else {
                throw .invalidPartition(reason: "\(names.count) file lists for \(participants) participants")
            }
            return try Self.resolve(names, in: set)
        }
    }

    /// Reads a participant's file list: one clip id per line; blank lines and
    /// lines starting with `#` are ignored.
    /// - Throws: `AudioError.unreadable` naming the file.
    public static func readFileList(from url: URL) throws(AudioError) -> [String] {
        let text: String
        do {
            text = try String(contentsOf: url, encoding: .utf8)
        } catch {
            throw .unreadable(path: url.path, reason: error.localizedDescription)
        }
        return text.split(whereSeparator: \.isNewline)
            .map { $0.trimmingCharacters(in: .whitespaces) }
            .filter { !$0.isEmpty && !$0.hasPrefix("#") }
    }

    private static func resolve(_ names: [[String]], in set: FeatureSet) throws(AudioError) -> [[Int]] {
        var byID: [String: Int] = [:]
        var byFileName: [String: [Int]] = [:]
        for (index, clip) in set.clips.enumerated() {
            byID[clip] = index
            byFileName[(clip as NSString).lastPathComponent, default: []].append(index)
        }
        var owner: [Int: Int] = [:]
        var lists: [[Int]] = []
        for (participant, list) in names.enumerated() {
            var clips: [Int] = []
            for name in list {
                let fileNameMatches = byFileName[name] ?? []
                guard let clip = byID[name] ?? (fileNameMatches.count == 1 ? fileNameMatches[0] : nil) else {
                    throw .unknownClip(participant: participant, clip: name)
                }
                if let first = owner[clip] {
                    throw .clipListedTwice(clip: set.clips[clip], firstParticipant: first, secondParticipant: participant)
                }
                owner[clip] = participant
                clips.append(clip)
            }
            lists.append(clips.sorted())
        }
        return lists
    }

    private static func tooFewClips(_ clips: Int, _ participants: Int) -> AudioError {
        .invalidPartition(reason: "\(clips) clips cannot give each of \(participants) participants one")
    }
}
