import ArgumentParser
import Logging
import ML

/// `--verbose` and `--quiet`, shared by every command. Logs go to stderr so that
/// stdout stays clean for `--json`.
struct LoggingOptions: ParsableArguments {
    @Flag(name: .shortAndLong, help: "Log debug detail to stderr.")
    var verbose = false

    @Flag(name: .shortAndLong, help: "Log only errors to stderr.")
    var quiet = false

    func validate() throws {
        if verbose && quiet {
            throw ValidationError("--verbose and --quiet contradict each other; pass one of them.")
        }
    }

    var level: Logger.Level {
        if verbose { return .debug }
        if quiet { return .error }
        return .info
    }

    /// Installs the stderr log handler at the chosen level and returns the
    /// command's logger. Call once per process, from the command's `run()`:
    /// only the command line bootstraps logging.
    func makeLogger(label: String) -> Logger {
        let level = self.level
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = level
            return handler
        }
        var logger = Logger(label: label)
        logger.logLevel = level
        let kernels = BLASKernels.current
        if case .reverted = kernels.choice {
            logger.warning("OpenBLAS kernels failed their check; running OpenBLAS's own choice",
                           metadata: ["blas.kernels": "\(kernels)"])
        } else {
            logger.debug("OpenBLAS kernels", metadata: ["blas.kernels": "\(kernels)"])
        }
        return logger
    }
}
