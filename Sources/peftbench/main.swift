import Bench
import Foundation
import Tensor

Threads.set(Int(ProcessInfo.processInfo.environment["THREADS"] ?? "2") ?? 2)
for c in StepCase.all {
    let r = StepBench.run(c, steps: 20, warmup: 3)
    print(r.name, String(format: "%.1f ms  %.0f %@/s  %.1f GF/s  sgemm %@ %.1f GF/s  eff %.2f  peak %.1f MB  trainable %d",
                         r.stepMs, r.itemsPerSecond, r.unit, r.gflops, r.sgemmShape, r.sgemmGflops, r.efficiency, Double(r.peakBytes) / 1e6, r.trainable))
}
