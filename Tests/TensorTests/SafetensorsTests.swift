// safetensors: bit-exact round trip, the header layout, and clear errors on corrupt files.

import Foundation
import Testing
import Tensor
import TestSupport

@Suite struct SafetensorsTests {
    @Test func roundTripIsBitExact() throws {
        let a = param([3, 5], seed: 1), b = Tensor([.nan, -0.0, .infinity, .leastNonzeroMagnitude], shape: [4]),
            c = Tensor.zeros([0, 2])
        let bytes = Safetensors.encode(["blocks.0.attn.q.weight": a, "b": b, "empty": c], metadata: ["format": "pt"])
        let (tensors, meta) = try Safetensors.decode(bytes)
        #expect(meta == ["format": "pt"])
        #expect(tensors["blocks.0.attn.q.weight"]!.shape == [3, 5])
        for (name, t) in [("blocks.0.attn.q.weight", a), ("b", b)] {
            let back = tensors[name]!
            #expect(back.values.map(\.bitPattern) == t.values.map(\.bitPattern))
        }
        #expect(tensors["empty"]!.shape == [0, 2])
    }

    @Test func headerLayout() throws {
        let bytes = Safetensors.encode(["x": Tensor([1, 2], shape: [2])])
        let n = bytes.prefix(8).withUnsafeBytes { Int(UInt64(littleEndian: $0.loadUnaligned(as: UInt64.self))) }
        #expect(n % 8 == 0 && bytes.count == 8 + n + 8)
        let header = String(decoding: bytes[8..<(8 + n)], as: UTF8.self).trimmingCharacters(in: .whitespaces)
        #expect(header == #"{"x":{"dtype":"F32","shape":[2],"data_offsets":[0,8]}}"#)
    }

    @Test func corruptFilesAreNamed() {
        let good = Safetensors.encode(["x": Tensor([1, 2, 3], shape: [3])])
        let cases: [(Data, String)] = [
            (Data([1, 2, 3]), "shorter than the 8-byte header length"),
            (Data(repeating: 0xFF, count: 16), "exceeds the file size"),
            (good.prefix(good.count - 4), "data bytes"),
            (Data([8, 0, 0, 0, 0, 0, 0, 0]) + Data("not json".utf8), "not valid JSON"),
            (swap(good, "F32", "F16"), "only F32 is supported"),
        ]
        for (bytes, expected) in cases {
            do {
                _ = try Safetensors.decode(bytes, path: "model.safetensors")
                Issue.record("no error for \(expected)")
            } catch {
                let message = "\(error)"
                #expect(message.contains("model.safetensors") && message.contains(expected), "\(message)")
            }
        }
    }

    /// Untrusted lengths and offsets: a shape whose element count overflows, tensors that
    /// overlap, a gap, bytes after the last tensor. Each is refused, never loaded as wrong weights.
    @Test func offsetsMustTileTheDataExactly() {
        func file(_ header: String, body: Int) -> Data {
            var d = Data()
            withUnsafeBytes(of: UInt64(header.utf8.count).littleEndian) { d.append(contentsOf: $0) }
            return d + Data(header.utf8) + Data(repeating: 0, count: body)
        }
        let cases: [(Data, String)] = [
            (
                file(#"{"a":{"dtype":"F32","shape":[4611686018427387904],"data_offsets":[0,8]}}"#, body: 8),
                "larger than the file"
            ),
            (
                file(#"{"a":{"dtype":"F32","shape":[4611686018427387904,4],"data_offsets":[0,0]}}"#, body: 0),
                "larger than the file"
            ),
            (
                file(
                    #"{"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]},"b":{"dtype":"F32","shape":[2],"data_offsets":[4,12]}}"#,
                    body: 12), "overlaps"
            ),
            (file(#"{"a":{"dtype":"F32","shape":[2],"data_offsets":[4,12]}}"#, body: 12), "gap of 4 bytes"),
            (
                file(#"{"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]}}"#, body: 12),
                "4 data bytes after the last tensor"
            ),
            (file(#"{"a":{"dtype":"F32","shape":[2],"data_offsets":[8,0]}}"#, body: 8), "data_offsets"),
        ]
        for (bytes, expected) in cases {
            do {
                _ = try Safetensors.decode(bytes, path: "x.safetensors")
                Issue.record("no error for \(expected)")
            } catch {
                #expect("\(error)".contains("x.safetensors") && "\(error)".contains(expected), "\(error)")
            }
        }
        let ok = file(
            #"{"b":{"dtype":"F32","shape":[1],"data_offsets":[8,12]},"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]}}"#,
            body: 12)
        #expect((try? Safetensors.decode(ok))?.tensors.count == 2, "any key order, tiled data")
    }

    @Test func missingFileIsNamed() {
        #expect(throws: SafetensorsError.self) { try Safetensors.load("/nonexistent/x.safetensors") }
    }

    private func swap(_ d: Data, _ a: String, _ b: String) -> Data {
        Data(String(decoding: d, as: UTF8.self).replacingOccurrences(of: a, with: b).utf8)
    }
}
