import Foundation

/// This process's resident memory from /proc/self/status (Linux).
struct MemoryUsage {
    /// VmRSS: resident now, MB.
    var residentMB: Double
    /// VmHWM: the most ever resident, MB.
    var peakMB: Double

    static func read() -> MemoryUsage {
        let status = (try? String(contentsOfFile: "/proc/self/status", encoding: .utf8)) ?? ""
        func field(_ name: String) -> Double {
            guard let line = status.split(separator: "\n").first(where: { $0.hasPrefix(name + ":") }),
                  let kilobytes = line.split(separator: " ").dropFirst().first(where: { Double($0) != nil }),
                  let value = Double(kilobytes) else { return 0 }
            return value / 1024
        }
        return MemoryUsage(residentMB: field("VmRSS"), peakMB: field("VmHWM"))
    }
}
