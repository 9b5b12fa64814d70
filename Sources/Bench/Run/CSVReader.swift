// Reading result CSVs back through libcsv (strict mode: a stray quote is an error), so `merge` and
// resuming never guess at quoting. A malformed file is refused with its path and the row where
// parsing stopped; rows whose width differs from the header are refused with their line.

import CCSV
import Foundation

extension CSV {
    /// The header and the rows of the CSV at `path`.
    public static func read(_ path: String) throws -> (header: [String], rows: [[String]]) {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw BenchError.invalid("\(path): cannot read the file")
        }
        return try parse(data, path: path)
    }

    /// The header and the rows of CSV bytes; `path` is only used in error messages.
    public static func parse(_ data: Data, path: String) throws -> (header: [String], rows: [[String]]) {
        final class Collector { var rows: [[String]] = []; var row: [String] = [] }
        let collector = Collector()
        let context = Unmanaged.passUnretained(collector).toOpaque()
        let field: @convention(c) (UnsafeMutableRawPointer?, Int, UnsafeMutableRawPointer?) -> Void = {
            bytes, count, ctx in
            let c = Unmanaged<Collector>.fromOpaque(ctx!).takeUnretainedValue()
            let text =
                bytes.map { String(decoding: UnsafeRawBufferPointer(start: $0, count: count), as: UTF8.self) } ?? ""
            c.row.append(text)
        }
        let record: @convention(c) (Int32, UnsafeMutableRawPointer?) -> Void = { _, ctx in
            let c = Unmanaged<Collector>.fromOpaque(ctx!).takeUnretainedValue()
            c.rows.append(c.row)
            c.row = []
        }
        var parser = csv_parser()
        guard csv_init(&parser, UInt8(CSV_STRICT | CSV_STRICT_FINI)) == 0 else {
            throw BenchError.invalid("\(path): libcsv failed to start")
        }
        defer { csv_free(&parser) }
        let parsed = data.withUnsafeBytes { csv_parse(&parser, $0.baseAddress, $0.count, field, record, context) }
        if parsed != data.count || csv_fini(&parser, field, record, context) != 0 {
            let why = String(cString: csv_strerror(csv_error(&parser)))
            throw BenchError.invalid("\(path): malformed CSV after row \(collector.rows.count + 1): \(why)")
        }
        guard let header = collector.rows.first else { throw BenchError.invalid("\(path): empty file, no header") }
        for (i, row) in collector.rows.enumerated().dropFirst() where row.count != header.count {
            throw BenchError.invalid("\(path): line \(i + 1) has \(row.count) fields, the header \(header.count)")
        }
        return (header, Array(collector.rows.dropFirst()))
    }

    /// Combines result CSVs with the same header into `output`. A run — its suite, id and the
    /// settings that decide its result (`ResultRow.resumeKey`) — recorded more than once keeps
    /// its last `ok` row (or its last row if none is ok); files are taken in the given order.
    public static func merge(_ inputs: [String], into output: String, header expected: [String]) throws -> (
        runs: Int, rows: Int
    ) {
        guard let statusColumn = expected.firstIndex(of: "status") else {
            throw BenchError.invalid("merge: the header has no status column")
        }
        var all: [[String]] = []
        for path in inputs {
            let (header, rows) = try read(path)
            guard header == expected else {
                throw BenchError.invalid(
                    "\(path): its header differs from this version's result header; cannot merge it")
            }
            all += rows
        }
        let kept = keepLastOK(all, status: statusColumn) { ResultRow.key(of: $0, in: expected) }
        try write(header: expected, rows: kept, to: output)
        return (kept.count, all.count)
    }

    /// One row per key, in the order keys first appear: a key's last `ok` row, else its last row.
    static func keepLastOK(_ rows: [[String]], status: Int, key: ([String]) -> String) -> [[String]] {
        var order: [String] = [], chosen: [String: [String]] = [:]
        for row in rows {
            let k = key(row)
            if chosen[k] == nil { order.append(k) }
            if chosen[k]?[status] != "ok" || row[status] == "ok" { chosen[k] = row }
        }
        return order.map { chosen[$0]! }
    }
}
