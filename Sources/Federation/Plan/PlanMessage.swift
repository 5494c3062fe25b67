import ChorusSupport
import SecureAgg

/// The payload of a `.plan` frame: the signed round plan, then the global
/// model's parameters. The signature covers the plan, which holds the model's
/// hash, so a participant trains only from the model the coordinator signed.
///
/// Layout: u32 plan length, plan bytes, 64-byte Ed25519 signature, u32
/// parameter count, float32 parameters (little-endian).
public struct PlanMessage: Sendable {
    public var plan: RoundPlan
    public var parameters: [Float]
    /// The signed plan as received (u32 plan length, plan bytes, signature): what a
    /// participant keeps as its receipt of the round (`decodeReceipt`); empty for a
    /// message built locally.
    public var receipt: [UInt8]

    public init(plan: RoundPlan, parameters: [Float], receipt: [UInt8] = []) {
        self.plan = plan
        self.parameters = parameters
        self.receipt = receipt
    }

    /// SHA-256 of the parameters as little-endian float32.
    public static func modelHash(_ parameters: [Float]) -> [UInt8] {
        SHA256.hash(encodedParameters(parameters).dropFirst(4))
    }

    /// The parameters as they follow the plan (count, then floats), encoded
    /// once per round and shared by every participant's frame.
    public static func encodedParameters(_ parameters: [Float]) -> [UInt8] {
        var writer = PayloadWriter()
        writer.append(floats: parameters)
        return writer.bytes
    }

    /// The frame payload for `plan`, signed by `signingKey`, with the model
    /// bytes from `encodedParameters(_:)`.
    public static func encode(plan: RoundPlan, signingKey: Ed25519SigningKey, encodedParameters: [UInt8]) -> [UInt8] {
        let planBytes = plan.encode()
        var writer = PayloadWriter()
        writer.append(counted: planBytes)
        writer.append(raw: signingKey.signature(for: planBytes))
        writer.append(raw: encodedParameters)
        return writer.bytes
    }

    /// Checks the signature with `coordinatorKey`, parses the plan and the
    /// parameters, and checks that their hash is the signed one.
    /// - Throws: `.badSignature`, `.modelHashMismatch`, or the field that is malformed.
    public static func decode(_ bytes: [UInt8], coordinatorKey: Ed25519PublicKey) throws(FederationError) -> PlanMessage {
        var reader = PayloadReader(bytes[...])
        let plan = try readSignedPlan(from: &reader, limit: bytes.count, coordinatorKey: coordinatorKey)
        let receipt = Array(bytes[..<(bytes.count - reader.remaining)])
        let parameters = try reader.readFloats(field: "model.parameters", expected: plan.architecture.parameterCount)
        try reader.finish()
        let hash = modelHash(parameters)
        guard SHA256.equal(hash[...], plan.modelHash[...]) else { throw .modelHashMismatch }
        return PlanMessage(plan: plan, parameters: parameters, receipt: receipt)
    }

    /// The plan of a receipt (`receipt`'s bytes), after checking its signature with `coordinatorKey`.
    /// - Throws: `.badSignature`, or the field that is malformed.
    public static func decodeReceipt(_ bytes: [UInt8], coordinatorKey: Ed25519PublicKey) throws(FederationError) -> RoundPlan {
        var reader = PayloadReader(bytes[...])
        let plan = try readSignedPlan(from: &reader, limit: bytes.count, coordinatorKey: coordinatorKey)
        try reader.finish()
        return plan
    }

    private static func readSignedPlan(from reader: inout PayloadReader, limit: Int,
                                       coordinatorKey: Ed25519PublicKey) throws(FederationError) -> RoundPlan {
        let planBytes = try reader.readCounted(field: "plan", limit: limit)
        let signature = try reader.readBytes(Ed25519PublicKey.signatureByteCount, field: "plan.signature")
        guard coordinatorKey.isValidSignature(signature, for: planBytes) else { throw .badSignature }
        return try RoundPlan.decode(planBytes[...])
    }
}
