/// The participant: joins a coordinator, trains locally, privatizes and masks
/// its update, and answers each secure-aggregation stage.
public enum Client {}
