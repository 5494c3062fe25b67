/// What a participant's receipt of a round (the coordinator's signed plan it kept,
/// see `chorus participant join`) says, in the terms of a privacy report. The caller
/// checks the receipt's signature before building one.
public struct RoundReceipt: Sendable, Equatable {
    /// Where the receipt came from (its file), for messages.
    public var source: String
    /// The run (hex) and round the plan was for.
    public var run: String
    public var round: Int
    /// The participant the plan was sent to.
    public var participant: UInt32
    /// SHA-256 (hex) of the model the round started from.
    public var modelHash: String
    /// The noise the plan asked for.
    public var noiseMultiplier: Double
    public var clipNorm: Double
    public var minimumSurvivors: Int

    public init(source: String, run: String, round: Int, participant: UInt32, modelHash: String, noiseMultiplier: Double,
                clipNorm: Double, minimumSurvivors: Int) {
        self.source = source
        self.run = run
        self.round = round
        self.participant = participant
        self.modelHash = modelHash
        self.noiseMultiplier = noiseMultiplier
        self.clipNorm = clipNorm
        self.minimumSurvivors = minimumSurvivors
    }
}

extension ReportVerification {
    /// The first way the report contradicts `receipts`, or nil: every receipt of this
    /// report's run must name a round the report records, started from the model the
    /// report says, sent to a participant it lists as sampled, with the run's noise.
    /// Receipts of other runs are skipped, but at least one must be of this run.
    public func receiptProblem(_ receipts: [RoundReceipt]) -> String? {
        guard let run else { return "the report has no run record to match receipts against" }
        let own = receipts.filter { $0.run == run.runID }.sorted { ($0.round, $0.source) < ($1.round, $1.source) }
        guard !own.isEmpty else {
            return "none of the \(receipts.count) receipts is of this report's run \(run.runID)"
        }
        for receipt in own {
            let name = "receipt \(receipt.source) (round \(receipt.round))"
            guard let record = rounds.first(where: { $0.round == receipt.round }) else {
                return "\(name): the round is missing from the report, though the participant's update went into a sum the coordinator could see"
            }
            if record.modelBefore != receipt.modelHash {
                return "\(name): the plan started from model \(receipt.modelHash), the report says \(record.modelBefore)"
            }
            if !record.sampled.contains(receipt.participant) {
                return "\(name): participant \(receipt.participant) got the plan but the report does not list it as sampled"
            }
            let noise = run.quantization.map { ($0.noiseMultiplier, $0.clipNorm, $0.minimumSurvivors) } ?? (0, receipt.clipNorm, receipt.minimumSurvivors)
            if noise != (receipt.noiseMultiplier, receipt.clipNorm, receipt.minimumSurvivors) {
                return "\(name): the plan asked for noise multiplier \(receipt.noiseMultiplier), clip \(receipt.clipNorm), \(receipt.minimumSurvivors) survivors; the report's run states \(noise)"
            }
        }
        return nil
    }
}
