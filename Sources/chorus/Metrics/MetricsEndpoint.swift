import Metrics
import NIOCore
import NIOHTTP1
import NIOPosix
import Prometheus
import Server

/// `coordinator run --metrics HOST:PORT`: bootstraps swift-metrics with a
/// Prometheus registry and serves it over HTTP/1.1 (`GET /metrics`, text
/// format 0.0.4) for a Prometheus server to scrape.
final class MetricsEndpoint: Sendable {
    private let channel: any Channel
    /// The port it listens on (the kernel's pick when asked for 0).
    let port: Int

    private init(channel: any Channel, port: Int) {
        self.channel = channel
        self.port = port
    }

    /// Bootstraps the metrics system (once per process) and listens on `host:port`.
    /// - Throws: what binding the socket throws.
    static func start(host: String, port: Int) async throws -> MetricsEndpoint {
        let registry = PrometheusCollectorRegistry()
        var factory = PrometheusMetricsFactory(registry: registry)
        // Protocol steps take from milliseconds (masking) to minutes (local training).
        factory.durationHistogramBuckets[CoordinatorMetrics.stageDurationLabel] =
            [0.01, 0.1, 0.5, 1, 2, 5, 10, 30, 60, 120, 300, 600].map { Duration.milliseconds(Int64($0 * 1000)) }
        MetricsSystem.bootstrap(factory)
        let channel = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelInitializer { channel in
                channel.pipeline.configureHTTPServerPipeline().flatMap {
                    channel.pipeline.addHandler(ScrapeHandler(registry: registry))
                }
            }
            .bind(host: host, port: port).get()
        return MetricsEndpoint(channel: channel, port: channel.localAddress?.port ?? port)
    }

    func close() async {
        try? await channel.close()
    }
}

/// Answers `GET /metrics` (and `/`) with the registry's text; 404 otherwise.
private final class ScrapeHandler: ChannelInboundHandler, Sendable {
    typealias InboundIn = HTTPServerRequestPart
    typealias OutboundOut = HTTPServerResponsePart

    private let registry: PrometheusCollectorRegistry

    init(registry: PrometheusCollectorRegistry) {
        self.registry = registry
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        guard case let .head(request) = unwrapInboundIn(data) else { return }
        let path = request.uri.split(separator: "?").first.map(String.init) ?? request.uri
        let found = request.method == .GET && (path == "/metrics" || path == "/")
        let body = found ? registry.emitToBuffer() : Array("not found: GET /metrics\n".utf8)
        var headers = HTTPHeaders()
        headers.add(name: "Content-Type", value: found ? "text/plain; version=0.0.4; charset=utf-8" : "text/plain")
        headers.add(name: "Content-Length", value: "\(body.count)")
        headers.add(name: "Connection", value: "close")
        context.write(wrapOutboundOut(.head(HTTPResponseHead(version: request.version, status: found ? .ok : .notFound,
                                                              headers: headers))), promise: nil)
        context.write(wrapOutboundOut(.body(.byteBuffer(context.channel.allocator.buffer(bytes: body)))), promise: nil)
        context.writeAndFlush(wrapOutboundOut(.end(nil))).whenComplete { _ in context.close(promise: nil) }
    }
}
