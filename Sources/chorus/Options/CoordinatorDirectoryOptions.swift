import ArgumentParser
import Server
import Transport

/// `--dir DIR`: an existing coordinator directory, checked in `validate()`.
struct CoordinatorDirectoryOptions: ParsableArguments {
    @Option(help: ArgumentHelp("The coordinator's directory (from `chorus coordinator init`).", valueName: "dir"))
    var dir: String

    func validate() throws {
        _ = try CoordinatorDirectory.existing(dir)
    }

    /// The directory, checked again (it may have gone since `validate()`).
    func directory() throws -> CoordinatorDirectory {
        try CoordinatorDirectory.existing(dir)
    }
}
