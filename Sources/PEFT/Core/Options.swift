// Method options as written in a suite file or on the command line (`r=8`, `targets=q,v`). A
// method reads each key it knows with a default and a valid range; `finish()` then rejects any
// key it did not read, listing the ones it knows.

public final class Options {
    public let method: String
    let values: [String: String]
    private(set) var known: [String] = []

    public init(method: String, _ values: [String: String] = [:]) {
        self.method = method
        self.values = values
    }

    private func read(_ key: String) -> String? {
        known.append(key)
        return values[key]
    }

    private func invalid(_ key: String, _ value: String, _ expected: String) -> MethodError {
        .invalidOption(method: method, key: key, value: value, expected: expected)
    }

    public func int(_ key: String, default value: Int, in range: ClosedRange<Int>) throws -> Int {
        guard let raw = read(key) else { return value }
        guard let v = Int(raw), range.contains(v) else {
            throw invalid(key, raw, "an integer in \(range.lowerBound)…\(range.upperBound)")
        }
        return v
    }

    public func float(_ key: String, default value: Float, in range: ClosedRange<Float>) throws -> Float {
        guard let raw = read(key) else { return value }
        guard let v = Float(raw), v.isFinite, range.contains(v) else {
            throw invalid(key, raw, "a number in \(range.lowerBound)…\(range.upperBound)")
        }
        return v
    }

    public func bool(_ key: String, default value: Bool) throws -> Bool {
        guard let raw = read(key) else { return value }
        switch raw {
        case "true": return true;
        case "false": return false
        default: throw invalid(key, raw, "true or false")
        }
    }

    public func choice(_ key: String, default value: String, among valid: [String]) throws -> String {
        guard let raw = read(key) else { return value }
        guard valid.contains(raw) else { throw invalid(key, raw, "one of \(valid.joined(separator: ", "))") }
        return raw
    }

    /// A comma-separated list whose items must each be in `valid`.
    public func list(_ key: String, default value: [String], among valid: [String]) throws -> [String] {
        guard let raw = read(key) else { return value }
        let items = raw.split(separator: ",").map(String.init)
        guard !items.isEmpty else {
            throw invalid(key, raw, "a comma-separated list of \(valid.joined(separator: ", "))")
        }
        for item in items where !valid.contains(item) {
            throw invalid(key, raw, "a comma-separated list of \(valid.joined(separator: ", ")) ('\(item)' is not one)")
        }
        return items
    }

    /// The text given for `key`, if any (for options that only make sense with another's value).
    public func given(_ key: String) -> String? { values[key] }

    /// Rejects keys no accessor read.
    public func finish() throws {
        if let unknown = values.keys.sorted().first(where: { !known.contains($0) }) {
            throw MethodError.unknownOption(method: method, key: unknown, valid: known)
        }
    }
}
