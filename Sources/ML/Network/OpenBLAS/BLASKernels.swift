internal import COpenBLAS
internal import COpenBLASKernels

/// The OpenBLAS kernels this process multiplies with, and how they were chosen.
///
/// Debian 12's OpenBLAS 0.3.21 picks its kernels from the CPU's model number
/// and falls back to Prescott's SSE3 kernels on processors it does not know,
/// a third of the sgemm rate of a current Intel server. Before `main`, every
/// binary linking ML moves such a fallback to the best kernels cpuid and the OS
/// support (SkylakeX for AVX-512 F/DQ/BW/VL, Haswell for AVX2 + FMA), checks
/// them once against a double-precision reference product and restores
/// OpenBLAS's own choice if they disagree. An `OPENBLAS_CORETYPE` set by the
/// user is always respected.
public struct BLASKernels: Sendable, Equatable, CustomStringConvertible {
    /// How ``core`` was chosen.
    public enum Choice: Sendable, Equatable {
        /// OpenBLAS's own choice: it knows the CPU, or nothing better is supported.
        case openBLAS
        /// `OPENBLAS_CORETYPE`, set by the user.
        case user
        /// Selected by Chorus over OpenBLAS's pre-AVX fallback `from`, and checked.
        case upgraded(from: String)
        /// Chorus tried `tried`, which OpenBLAS refused or which failed the check,
        /// so OpenBLAS's own choice stands.
        case reverted(tried: String)
        /// An OpenBLAS built for one core: there is nothing to choose.
        case singleCoreBuild
    }

    /// OpenBLAS's name of the kernels in use (`openblas_get_corename()`), e.g. "SkylakeX".
    public let core: String
    public let choice: Choice
    /// Largest error of the check product over its bound (≤ 1 passes), nil when no check ran.
    public let checkError: Double?

    /// The kernels of this process (fixed before `main`).
    public static var current: BLASKernels {
        let selection = chorus_openblas_kernel_selection()
        let reported = string(selection.reported), selected = string(selection.selected)
        let choice: Choice = switch selection.source {
        case CHORUS_KERNELS_OPENBLAS: .openBLAS
        case CHORUS_KERNELS_USER: .user
        case CHORUS_KERNELS_UPGRADED: .upgraded(from: reported)
        case CHORUS_KERNELS_REVERTED: .reverted(tried: selected)
        case CHORUS_KERNELS_SINGLE_CORE_BUILD: .singleCoreBuild
        default: preconditionFailure("COpenBLASKernels reported an unknown selection \(selection.source.rawValue)")
        }
        return BLASKernels(core: String(cString: openblas_get_corename()), choice: choice,
                           checkError: selection.checkError < 0 ? nil : selection.checkError)
    }

    /// A short name of ``choice`` for JSON: `openblas`, `user`, `upgraded`, `reverted`, `single-core-build`.
    public var choiceName: String {
        switch choice {
        case .openBLAS: "openblas"
        case .user: "user"
        case .upgraded: "upgraded"
        case .reverted: "reverted"
        case .singleCoreBuild: "single-core-build"
        }
    }

    public var description: String {
        switch choice {
        case .openBLAS: "\(core) (OpenBLAS's choice)"
        case .user: "\(core) (OPENBLAS_CORETYPE)"
        case .upgraded(let from): "\(core) (selected by Chorus over OpenBLAS's fallback \(from), checked)"
        case .reverted(let tried): "\(core) (OpenBLAS's choice; \(tried) was tried and failed its check)"
        case .singleCoreBuild: "\(core) (single-core OpenBLAS build)"
        }
    }

    /// A NUL-terminated C string stored in a fixed-size C array.
    private static func string<T>(_ tuple: T) -> String {
        withUnsafeBytes(of: tuple) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
    }
}
