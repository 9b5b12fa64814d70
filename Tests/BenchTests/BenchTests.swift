// The bench driver: CSV quoting through libcsv, case parsing errors, a short real run of one case,
// and the text table.

import Bench
import Foundation
import Testing
import Tensor

@Suite struct BenchTests {
    @Test func csvQuotesOnlyWhenNeeded() {
        #expect(CSV.field("lora") == "lora")
        #expect(CSV.field("r=8, alpha=16") == "\"r=8, alpha=16\"")
        #expect(CSV.field("say \"hi\"") == "\"say \"\"hi\"\"\"")
        #expect(CSV.line(["a", "b,c", ""]) == "a,\"b,c\",\n")
    }

    @Test func unknownCaseListsTheValidOnes() {
        #expect(throws: BenchError.self) { try StepCase.parse("lm-full,vit-qlora") }
        do { _ = try StepCase.parse("bert-full") } catch {
            #expect("\(error)" == "unknown bench case 'bert-full'; valid: lm-full, lm-lora, vit-full, vit-lora")
        }
    }

    @Test func aShortRunMeasuresSomething() throws {
        let full = StepBench.run(try StepCase.parse("vit-full")[0], steps: 2, warmup: 1)
        let lora = StepBench.run(try StepCase.parse("vit-lora")[0], steps: 2, warmup: 1)
        #expect(full.times.count == 2 && full.times.allSatisfy { $0 > 0 })
        #expect(full.trainable == 202_186 && lora.trainable == 8_842)
        #expect(lora.flopsPerStep < full.flopsPerStep)   // frozen dW products are skipped
        #expect(lora.peakBytes < full.peakBytes)
    }

    @Test func tableAlignsColumns() {
        let lines = TextTable.render([["a", "1"], ["long", "22"]], rightAligned: [1])
        #expect(lines == ["a      1", "long  22"])
    }
}
