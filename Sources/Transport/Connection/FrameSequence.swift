/// The frames a peer sends, in order, as an async sequence. It ends (nil)
/// when the peer closes cleanly and throws the `TransportError` that dropped
/// the peer otherwise (idle timeout, bad frame, TLS alert). Single consumer:
/// iterate it from one task only.
public struct FrameSequence: AsyncSequence, Sendable {
    public typealias Element = Frame
    public typealias Failure = TransportError

    let base: AsyncThrowingStream<Frame, any Error>
    let peer: String

    public func makeAsyncIterator() -> Iterator {
        Iterator(base: base.makeAsyncIterator(), peer: peer)
    }

    public struct Iterator: AsyncIteratorProtocol {
        var base: AsyncThrowingStream<Frame, any Error>.Iterator
        let peer: String

        public mutating func next() async throws(TransportError) -> Frame? {
            do {
                return try await base.next()
            } catch {
                throw TransportError(error, peer: peer)
            }
        }

        public mutating func next(isolation actor: isolated (any Actor)?) async throws(TransportError) -> Frame? {
            do {
                return try await base.next(isolation: actor)
            } catch {
                throw TransportError(error, peer: peer)
            }
        }
    }
}
