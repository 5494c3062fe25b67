import ChorusSupport
import DifferentialPrivacy
import SecureAgg

/// What the verifier knows after the records read so far.
struct VerificationState {
    let expectedKey: Ed25519PublicKey?
    let recomputeEpsilon: Bool
    private var key: Ed25519PublicKey?
    private var previousHash = ReportEntry.genesisHash
    private var records = 0
    private(set) var run: ReportRunRecord?
    private(set) var rounds: [ReportRoundRecord] = []
    private(set) var closing: ReportClosingRecord?
    /// The verifier's own accountant, fed the effective noise of each round.
    var accountant = PrivacyAccountant()
    /// Per participant, the rounds its update went into, without amplification
    /// (what a reader who knows the sample lists can attribute to it).
    var disclosed: [UInt32: PrivacyAccountant] = [:]

    init(expectedKey: Ed25519PublicKey?, recomputeEpsilon: Bool) {
        self.expectedKey = expectedKey
        self.recomputeEpsilon = recomputeEpsilon
    }

    func finish(problem: ReportProblem?) -> ReportVerification {
        var verification = ReportVerification(records: records, firstProblem: problem, run: run, rounds: rounds, closing: closing)
        do {
            verification.disclosedSample = try disclosedSample()
        } catch {
            verification.firstProblem = verification.firstProblem
                ?? ReportProblem(record: records, reason: "cannot compute epsilon against the report's readers: \(error)")
        }
        return verification
    }

    /// The worst participant's epsilon over the rounds its update went into, at rate 1.
    /// Participants with the same rounds share one computation.
    private func disclosedSample() throws(DifferentialPrivacyError) -> DisclosedSampleEpsilon? {
        guard let delta = run?.privacy.delta else { return nil }
        var worst: DisclosedSampleEpsilon?
        var computed: [(accountant: PrivacyAccountant, epsilon: Double)] = []
        for (participant, ledger) in disclosed.sorted(by: { $0.key < $1.key }) {
            let epsilon: Double
            if let known = computed.first(where: { $0.accountant == ledger }) {
                epsilon = known.epsilon
            } else {
                epsilon = try ledger.epsilon(delta: delta, accountant: .rdp)
                computed.append((ledger, epsilon))
            }
            if worst.map({ epsilon > $0.epsilon }) ?? true {
                worst = DisclosedSampleEpsilon(epsilon: epsilon, participant: participant, rounds: ledger.rounds)
            }
        }
        return worst
    }

    /// Checks one line: signature, chain link, sequence, then its contents.
    mutating func check(_ line: ArraySlice<UInt8>, record: Int) throws(VerificationFailure) {
        guard !line.isEmpty else { throw VerificationFailure(record, "empty line") }
        let parts: (signed: [UInt8], signature: [UInt8])
        let entry: ReportEntry
        do {
            parts = try SignedLine.split(line, record: record)
            entry = try SignedLine.decodeEntry(parts.signed, record: record)
        } catch {
            throw VerificationFailure(record, Self.reason(of: error))
        }
        if closing != nil { throw VerificationFailure(record, "a record after the closing record") }
        if record == 0 {
            guard let run = entry.run, entry.round == nil, entry.close == nil else {
                throw VerificationFailure(0, "the first record must be the run record")
            }
            key = try Self.signingKey(of: run, expected: expectedKey)
        }
        guard let key, key.isValidSignature(parts.signature, for: parts.signed) else {
            throw VerificationFailure(record, "the signature does not verify with the coordinator's key")
        }
        guard entry.sequence == record else {
            throw VerificationFailure(record, "sequence number is \(entry.sequence), expected \(record): a record was deleted, reordered or inserted")
        }
        guard entry.previousHash == previousHash else {
            throw VerificationFailure(record, "the link to record \(record - 1) is broken: that record was changed, deleted or reordered")
        }
        if record == 0 {
            run = entry.run
        } else if let close = entry.close {
            guard entry.run == nil, entry.round == nil else { throw VerificationFailure(record, "a record holds two kinds") }
            guard close.rounds == rounds.count else {
                throw VerificationFailure(record, "the closing record counts \(close.rounds) rounds, the report has \(rounds.count)")
            }
            closing = close
        } else {
            guard let round = entry.round, entry.run == nil else {
                throw VerificationFailure(record, "a record after the first must be a round record")
            }
            try checkRound(round, record: record)
            rounds.append(round)
        }
        previousHash = SignedLine.hash(line)
        records = record + 1
    }

    private static func signingKey(of run: ReportRunRecord, expected: Ed25519PublicKey?) throws(VerificationFailure) -> Ed25519PublicKey {
        guard let bytes = Hex.decode(run.coordinatorKey), let stated = try? Ed25519PublicKey(rawRepresentation: bytes) else {
            throw VerificationFailure(0, "coordinator_key is not an Ed25519 public key")
        }
        if let expected, expected != stated {
            throw VerificationFailure(0, "the report is signed by key \(run.coordinatorKey), not by the expected coordinator key \(Hex.encode(expected.rawRepresentation))")
        }
        return stated
    }

    private static func reason(of error: AuditError) -> String {
        switch error {
        case .malformedRecord(_, let reason): reason
        case .file(_, let reason), .cannotAppend(_, let reason): reason
        }
    }
}
