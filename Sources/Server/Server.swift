/// The coordinator an operator runs: roster, rounds, sampling, stage
/// deadlines, unmasking, checkpoints and privacy reports.
public enum Server {}
