// Errors for missing or malformed data, naming the file and, for system data, the Debian package.

public enum DataError: Error, CustomStringConvertible, Equatable {
    /// A file that a Debian package provides is absent.
    case missing(path: String, package: String)
    /// A file is present but not in the expected format.
    case malformed(path: String, reason: String)

    public var description: String {
        switch self {
        case let .missing(path, package):
            "missing data file \(path): install it with `apt-get install \(package)`"
        case let .malformed(path, reason):
            "malformed data file \(path): \(reason)"
        }
    }
}
