// safetensors files: an 8-byte little-endian header length, a JSON header
// {"name": {"dtype": "F32", "shape": [...], "data_offsets": [begin, end]}, "__metadata__": {...}},
// then the raw little-endian data. We write F32 only, names sorted, the header padded with spaces
// to a multiple of 8 (as the reference implementation does). Reading checks every field and names
// the file and the problem when something is off.

import Foundation

public enum SafetensorsError: Error, CustomStringConvertible {
    case unreadable(String, String)
    case corrupt(String, String)

    public var description: String {
        switch self {
        case let .unreadable(path, why): return "cannot read safetensors file \(path): \(why)"
        case let .corrupt(path, why): return "corrupt safetensors file \(path): \(why)"
        }
    }
}

public enum Safetensors {
    /// Serialises named tensors (and string metadata) to safetensors bytes.
    public static func encode(_ tensors: [String: Tensor], metadata: [String: String] = [:]) -> Data {
        let names = tensors.keys.sorted()
        var entries: [String] = []
        var offset = 0
        for name in names {
            let t = tensors[name]!
            let end = offset + t.count * 4
            entries.append(
                "\(jsonString(name)):{\"dtype\":\"F32\",\"shape\":[\(t.shape.map(String.init).joined(separator: ","))],\"data_offsets\":[\(offset),\(end)]}"
            )
            offset = end
        }
        if !metadata.isEmpty {
            let meta = metadata.keys.sorted().map { "\(jsonString($0)):\(jsonString(metadata[$0]!))" }
            entries.insert("\"__metadata__\":{\(meta.joined(separator: ","))}", at: 0)
        }
        var header = Array("{\(entries.joined(separator: ","))}".utf8)
        while header.count % 8 != 0 { header.append(0x20) }
        var data = Data(capacity: 8 + header.count + offset)
        withUnsafeBytes(of: UInt64(header.count).littleEndian) { data.append(contentsOf: $0) }
        data.append(contentsOf: header)
        for name in names {
            let t = tensors[name]!
            // Float32 in memory is little-endian on every platform Swift runs this on.
            data.append(UnsafeBufferPointer(start: t.data, count: t.count))
        }
        return data
    }

    public static func save(_ tensors: [String: Tensor], metadata: [String: String] = [:], to path: String) throws {
        try encode(tensors, metadata: metadata).write(to: URL(fileURLWithPath: path), options: .atomic)
    }

    /// Parses safetensors bytes; `path` is only used in error messages. With `skippingOtherTypes`,
    /// tensors of another dtype (a PyTorch checkpoint's int64 buffers) are checked like the rest
    /// and left out; otherwise they are an error.
    public static func decode(_ data: Data, path: String = "<memory>", skippingOtherTypes: Bool = false) throws -> (
        tensors: [String: Tensor], metadata: [String: String]
    ) {
        func corrupt(_ why: String) -> SafetensorsError { .corrupt(path, why) }
        guard data.count >= 8 else { throw corrupt("\(data.count) bytes, shorter than the 8-byte header length") }
        let headerLength = data.prefix(8).withUnsafeBytes { UInt64(littleEndian: $0.loadUnaligned(as: UInt64.self)) }
        guard headerLength <= UInt64(data.count - 8) else {
            throw corrupt("header length \(headerLength) exceeds the file size \(data.count)")
        }
        let headerEnd = 8 + Int(headerLength)
        let json: Any
        do { json = try JSONSerialization.jsonObject(with: data.subdata(in: 8..<headerEnd)) } catch {
            throw corrupt("header is not valid JSON")
        }
        guard let header = json as? [String: Any] else { throw corrupt("header is not a JSON object") }
        let bodyCount = data.count - headerEnd
        var metadata: [String: String] = [:]
        var entries: [(name: String, shape: [Int], count: Int, begin: Int, end: Int, float: Bool)] = []
        for (name, value) in header {
            if name == "__metadata__" {
                guard let meta = value as? [String: String] else {
                    throw corrupt("__metadata__ must map strings to strings")
                }
                metadata = meta
                continue
            }
            guard let entry = value as? [String: Any], let dtype = entry["dtype"] as? String,
                let shape = integers(entry["shape"]), let offsets = integers(entry["data_offsets"]), offsets.count == 2
            else {
                throw corrupt("tensor '\(name)' lacks dtype, shape or data_offsets (as lists of integers)")
            }
            let sizes = [
                "F32": 4, "F64": 8, "I64": 8, "U64": 8, "I32": 4, "U32": 4, "F16": 2, "BF16": 2, "I16": 2, "U16": 2,
                "I8": 1, "U8": 1, "BOOL": 1,
            ]
            guard let size = sizes[dtype], dtype == "F32" || skippingOtherTypes else {
                throw corrupt("tensor '\(name)' has dtype \(dtype); only F32 is supported")
            }
            // Every length and offset is untrusted: the element count must not overflow, and
            // the bytes must lie inside the data.
            var count = 1
            for d in shape {
                let (product, overflow) = count.multipliedReportingOverflow(by: d)
                guard d >= 0, !overflow, product <= bodyCount / size else {
                    throw corrupt("tensor '\(name)' has shape \(shape), larger than the file's \(bodyCount) data bytes")
                }
                count = product
            }
            guard offsets[0] >= 0, offsets[0] <= offsets[1], offsets[1] <= bodyCount,
                offsets[1] - offsets[0] == count * size
            else {
                throw corrupt(
                    "tensor '\(name)' of shape \(shape) has data_offsets \(offsets) (the file has \(bodyCount) data bytes)"
                )
            }
            entries.append((name, shape, count, offsets[0], offsets[1], dtype == "F32"))
        }
        // The format's rule: the tensors tile the data exactly, in offset order, with no gap and
        // no overlap (a shifted or overlapping table would load silently as the wrong weights).
        entries.sort { ($0.begin, $0.end) < ($1.begin, $1.end) }
        var expected = 0
        for e in entries {
            guard e.begin == expected else {
                throw corrupt(
                    e.begin < expected
                        ? "tensor '\(e.name)' overlaps another at byte \(e.begin) (data_offsets must not overlap)"
                        : "a gap of \(e.begin - expected) bytes before tensor '\(e.name)' (data_offsets must tile the data)"
                )
            }
            expected = e.end
        }
        guard expected == bodyCount else {
            throw corrupt("\(bodyCount - expected) data bytes after the last tensor belong to none")
        }
        var tensors: [String: Tensor] = [:]
        for e in entries where e.float {
            let t = Tensor.empty(e.shape)
            data.withUnsafeBytes { raw in
                let src = raw.baseAddress! + headerEnd + e.begin
                UnsafeMutableRawPointer(t.data).copyMemory(from: src, byteCount: e.count * 4)
            }
            tensors[e.name] = t
        }
        return (tensors, metadata)
    }

    /// A JSON list of whole numbers, or nil (1.5 or 1e30 is not a length: `intValue` would
    /// silently truncate or wrap it).
    static func integers(_ value: Any?) -> [Int]? {
        guard let numbers = value as? [NSNumber] else { return nil }
        let ints = numbers.compactMap { Int(exactly: $0) }
        return ints.count == numbers.count ? ints : nil
    }

    public static func load(_ path: String, skippingOtherTypes: Bool = false) throws -> (
        tensors: [String: Tensor], metadata: [String: String]
    ) {
        let data: Data
        do { data = try Data(contentsOf: URL(fileURLWithPath: path), options: .mappedIfSafe) } catch {
            throw SafetensorsError.unreadable(path, (error as NSError).localizedDescription)
        }
        return try decode(data, path: path, skippingOtherTypes: skippingOtherTypes)
    }

    private static func jsonString(_ s: String) -> String {
        var out = "\""
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case _ where scalar.value < 0x20: out += String(format: "\\u%04x", scalar.value)
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }
}
