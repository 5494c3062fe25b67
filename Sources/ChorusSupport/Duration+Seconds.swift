extension Duration {
    /// The duration in seconds (attosecond resolution folded into a `Double`):
    /// what logs, JSON reports and rate computations print.
    package var seconds: Double {
        Double(components.seconds) + Double(components.attoseconds) * 1e-18
    }
}
