/// What the server's driver must do after an event: carry these out in order.
public enum ServerAction: Sendable {
    /// Send `message` to participant `to`.
    case send(ServerMessage, to: ParticipantID)
    /// Close `peer`'s connection: it broke the protocol or missed a stage's deadline.
    /// The round goes on without it.
    case dropPeer(ParticipantID, reason: SecureAggError)
    /// The round is over: `sum` is the wrapping sum of the survivors' inputs.
    case completeRound(sum: [UInt32], survivors: [ParticipantID])
    /// The round cannot finish; nothing about any input was revealed.
    case abortRound(reason: SecureAggError)
}
