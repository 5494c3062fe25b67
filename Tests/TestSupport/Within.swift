/// Runs `body`, giving up after `seconds` (stretched by `TestTimeScale`): then
/// `body`'s task is cancelled and the result is nil, so a test that would hang fails.
public func within<Value: Sendable>(seconds: Double, _ body: @escaping @Sendable () async throws -> Value) async throws -> Value? {
    try await withThrowingTaskGroup(of: Value?.self) { group in
        group.addTask { try await body() }
        group.addTask {
            try await Task.sleep(for: .seconds(TestTimeScale.seconds(seconds)))
            return nil
        }
        defer { group.cancelAll() }
        return try await group.next() ?? nil
    }
}
