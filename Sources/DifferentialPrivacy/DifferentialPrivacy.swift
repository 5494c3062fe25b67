/// Differential privacy for Chorus: clipping, distributed discrete Gaussian
/// noise that survives secure aggregation, and the accountants that turn the
/// noise really added into an (epsilon, delta) budget.
public enum DifferentialPrivacy {}
