extension Coordinator {
    /// Rounds of this run (over every restart) whose average update was applied to the model.
    public var appliedRounds: Int { Int(clamping: state.metadata.completedRounds) }

    /// Rounds this run has started so far (applied or aborted), over every restart.
    public var startedRounds: Int { Int(clamping: state.metadata.round) }
}
