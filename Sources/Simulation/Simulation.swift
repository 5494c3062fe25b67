/// A whole federation in one process.
public enum Simulation {}
