/// Per-connection settings shared by the coordinator and participants.
public struct TransportOptions: Sendable {
    /// Message type → largest payload in bytes. Type 0 is reserved for
    /// Transport's heartbeats (empty frames never delivered to the caller).
    public var limits: FrameLimits
    /// A peer that sends no bytes for this long (handshake included) is
    /// dropped with `TransportError.idleTimeout`. Heartbeats keep a live but
    /// busy peer (training, evaluating) from tripping it.
    public var readTimeout: Duration
    /// How often to send a heartbeat while connected; nil sends none (then
    /// the peer's read deadline must cover its silences). Default: a third
    /// of `readTimeout`.
    public var heartbeatInterval: Duration?
    /// How long a client waits for the TCP connection to open.
    public var connectTimeout: Duration
    /// A connection not authenticated this long after it opened is closed,
    /// however many bytes it dribbles (a slow handshake holds no slot forever).
    public var handshakeTimeout: Duration
    /// Listening side: connections still in their handshake beyond this count
    /// are closed on arrival, so a flood cannot exhaust descriptors or memory.
    public var maximumPendingHandshakes: Int

    /// - Parameter limits: the caller's size table; type 0 is added as the
    ///   heartbeat type with an empty payload.
    public init(limits: FrameLimits, readTimeout: Duration = .seconds(60),
                heartbeatInterval: Duration? = nil, connectTimeout: Duration = .seconds(10),
                handshakeTimeout: Duration = .seconds(10), maximumPendingHandshakes: Int = 1024) {
        self.limits = limits.addingHeartbeat()
        self.readTimeout = readTimeout
        self.heartbeatInterval = heartbeatInterval ?? readTimeout / 3
        self.connectTimeout = connectTimeout
        self.handshakeTimeout = handshakeTimeout
        self.maximumPendingHandshakes = maximumPendingHandshakes
    }

    /// Same settings without heartbeats (tests of silent peers, benchmarks).
    public func withoutHeartbeats() -> TransportOptions {
        var options = self
        options.heartbeatInterval = nil
        return options
    }
}
