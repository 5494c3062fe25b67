import Synchronization

/// The one lock every FFTW plan of this module is made under, and the cache of
/// those plans: FFTW's planner is not thread-safe, while executing a finished plan
/// on new arrays is, so each plan is made once per process and shared.
enum FFTWPlanner {
    private static let plans = Mutex<[PlanKey: any AnyObject & Sendable]>([:])

    /// Which transform a plan computes: its kind and length.
    struct PlanKey: Hashable, Sendable {
        var kind: String
        var size: Int
    }

    /// The cached plan for `key`, made by `make` (under the lock) the first time.
    static func shared<Plan: AnyObject & Sendable>(_ key: PlanKey, make: () -> Plan) -> Plan {
        plans.withLock { plans in
            if let plan = plans[key] {
                guard let plan = plan as? Plan else { preconditionFailure("plan kind \(key.kind) cached with another type") }
                return plan
            }
            let plan = make()
            plans[key] = plan
            return plan
        }
    }
}
