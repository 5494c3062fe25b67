import ChorusSupport

/// A small, fast, seeded generator for tests: the same seed gives the same
/// inputs on every machine, so a failing case is reproduced from its seed.
/// It is ChorusSupport's `SeededGenerator`, kept under the name tests use.
public typealias SplitMix64 = SeededGenerator
