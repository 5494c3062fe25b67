/// Secure aggregation (Bonawitz et al. 2017, with the sparse graphs of Bell et
/// al. 2020): client and server state machines, transport-free, so that the
/// coordinator learns only the sum of the participants' masked vectors.
public enum SecureAgg {}
