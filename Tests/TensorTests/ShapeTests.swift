// Shape rules name the op and both shapes.

import Testing
import Tensor

@Suite struct ShapeTests {
    @Test func broadcastRules() throws {
        #expect(try Shapes.broadcast([2, 1, 4], [3, 1], op: "add") == [2, 3, 4])
        #expect(try Shapes.broadcast([], [5], op: "mul") == [5])
        do {
            _ = try Shapes.broadcast([2, 3], [4], op: "add")
            Issue.record("expected a shape error")
        } catch {
            #expect(error.description == "shape mismatch in add: [2, 3] vs [4] (dimension 1 is 3 and 4)")
        }
    }

    @Test func matmulRules() throws {
        #expect(try Shapes.matmul([2, 5, 3], [3, 4], transA: false, transB: false) == [2, 5, 4])
        #expect(try Shapes.matmul([3, 5], [4, 3], transA: true, transB: true) == [5, 4])
        #expect(throws: ShapeError.self) { try Shapes.matmul([2, 3], [4, 5], transA: false, transB: false) }
        #expect(try Shapes.bmm([2, 3, 4], [2, 5, 4], transA: false, transB: true) == [2, 3, 5])
        #expect(throws: ShapeError.self) { try Shapes.bmm([2, 3, 4], [3, 4, 5], transA: false, transB: false) }
    }
}
