import ChorusSupport

/// What every party of a round agrees on before it starts: the run and round ids, the vector
/// dimension, the graph parameters and seed, and the roster of participants with
/// their long-term identity keys. The coordinator signs `encode()`'s bytes with its
/// own `Ed25519SigningKey`; participants verify that signature before building a client.
public struct RoundConfiguration: Equatable, Sendable {
    /// One roster entry.
    public struct Member: Equatable, Sendable {
        public let id: ParticipantID
        public let identity: Ed25519PublicKey

        public init(id: ParticipantID, identity: Ed25519PublicKey) {
            self.id = id
            self.identity = identity
        }
    }

    /// The run this round belongs to; bound, with the round id, into every key and signature.
    public let run: RunID
    /// A round id unique within its run; bound into every key and signature.
    public let round: UInt64
    /// Entries of each participant's vector, d.
    public let dimension: Int
    public let parameters: SecureAggParameters
    /// 32 public random bytes that fix the sparse graph's relabelling.
    public let graphSeed: [UInt8]
    /// Participants sorted by id.
    public let members: [Member]

    let identities: [ParticipantID: Ed25519PublicKey]
    let graph: NeighbourGraph

    /// - Throws: `invalidConfiguration` for duplicate ids, a dimension outside
    ///   1...`WireFormat.maximumDimension`, a seed that is not 32 bytes, or parameters
    ///   that do not fit the roster's size.
    public init(run: RunID, round: UInt64, dimension: Int, parameters: SecureAggParameters, graphSeed: [UInt8],
                members: [Member]) throws(SecureAggError) {
        guard dimension >= 1, dimension <= WireFormat.maximumDimension else {
            throw .invalidConfiguration(reason: "dimension \(dimension) outside 1...\(WireFormat.maximumDimension)")
        }
        guard graphSeed.count == 32 else {
            throw .invalidConfiguration(reason: "graph seed is \(graphSeed.count) bytes, expected 32")
        }
        guard members.count <= WireFormat.maximumParticipants else {
            throw .invalidConfiguration(reason: "\(members.count) participants, above \(WireFormat.maximumParticipants)")
        }
        let sorted = members.sorted { $0.id < $1.id }
        var identities: [ParticipantID: Ed25519PublicKey] = [:]
        for member in sorted {
            guard member.id != .server else {
                throw .invalidConfiguration(reason: "participant id \(member.id) is reserved for the server")
            }
            guard identities.updateValue(member.identity, forKey: member.id) == nil else {
                throw .invalidConfiguration(reason: "participant \(member.id) listed twice")
            }
        }
        try parameters.validate(participants: sorted.count)
        self.run = run
        self.round = round
        self.dimension = dimension
        self.parameters = parameters
        self.graphSeed = graphSeed
        self.members = sorted
        self.identities = identities
        graph = try NeighbourGraph(participants: sorted.map(\.id), parameters: parameters, seed: graphSeed)
    }

    /// 32 fresh bytes from libsodium's CSPRNG for `graphSeed`: the coordinator must draw
    /// the seed at random (see ThreatModel.md on seed grinding).
    public static func randomGraphSeed() -> [UInt8] {
        var seed = [UInt8](repeating: 0, count: 32)
        Sodium.fillRandom(&seed)
        return seed
    }

    public static func == (lhs: RoundConfiguration, rhs: RoundConfiguration) -> Bool {
        lhs.run == rhs.run && lhs.round == rhs.round && lhs.dimension == rhs.dimension && lhs.parameters == rhs.parameters
            && lhs.graphSeed == rhs.graphSeed && lhs.members == rhs.members
    }

    /// The neighbours of `id` in this round's graph, sorted.
    public func neighbours(of id: ParticipantID) -> [ParticipantID] {
        graph.neighbours(of: id)
    }

    /// The wire bytes (also the bytes the coordinator signs).
    public func encode() -> [UInt8] {
        var bytes: [UInt8] = [WireFormat.version]
        bytes.append(contentsOf: run.bytes)
        bytes.appendLittleEndian(round)
        bytes.appendLittleEndian(UInt32(truncatingIfNeeded: dimension))
        bytes.append(parameters.graph.rawValue)
        bytes.appendLittleEndian(UInt32(truncatingIfNeeded: parameters.degree))
        bytes.appendLittleEndian(UInt32(truncatingIfNeeded: parameters.threshold))
        bytes.append(contentsOf: graphSeed)
        bytes.appendCount(members.count)
        for member in members {
            bytes.appendLittleEndian(member.id.rawValue)
            bytes.append(contentsOf: member.identity.rawRepresentation)
        }
        return bytes
    }

    /// Parses and validates a configuration.
    /// - Throws: a wire error naming the field, or `invalidConfiguration`.
    public static func decode(_ bytes: ArraySlice<UInt8>) throws(SecureAggError) -> RoundConfiguration {
        var reader = WireReader(bytes)
        let version = try reader.read(UInt8.self, field: "config.version")
        guard version == WireFormat.version else { throw .unsupportedVersion(version) }
        let run = try RunID(bytes: reader.readBytes(RunID.byteCount, field: "config.run_id"))
        let round = try reader.read(UInt64.self, field: "config.round")
        let dimension = try reader.read(UInt32.self, field: "config.dimension")
        let graphByte = try reader.read(UInt8.self, field: "config.graph")
        guard let graph = SecureAggParameters.Graph(rawValue: graphByte) else {
            throw .invalidField(field: "config.graph", reason: "unknown graph kind \(graphByte)")
        }
        let degree = try reader.read(UInt32.self, field: "config.degree")
        let threshold = try reader.read(UInt32.self, field: "config.threshold")
        let seed = try reader.readBytes(32, field: "config.graph_seed")
        let count = try reader.readCount(field: "config.members", limit: WireFormat.maximumParticipants, elementBytes: 36)
        var members: [Member] = []
        members.reserveCapacity(count)
        for _ in 0..<count {
            let id = try reader.readParticipant(field: "config.member.id")
            let raw = try reader.readBytes(Ed25519PublicKey.byteCount, field: "config.member.identity")
            do { members.append(Member(id: id, identity: try Ed25519PublicKey(rawRepresentation: raw))) } catch {
                throw SecureAggError(error)
            }
        }
        try reader.finish()
        return try RoundConfiguration(run: run, round: round, dimension: Int(dimension),
                                      parameters: SecureAggParameters(graph: graph, degree: Int(degree), threshold: Int(threshold)),
                                      graphSeed: seed, members: members)
    }
}
