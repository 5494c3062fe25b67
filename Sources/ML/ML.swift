/// The machine-learning side of Chorus: audio decoding and log-mel features
/// (`Audio`, `Spectral`), datasets (`Data`), the CNN engine (`Network`) and
/// local training and evaluation (`Training`). Everything here runs on one
/// participant's own data and never touches the network.
public enum ML {}
