// The statistics of T2 and T4 against scipy.stats (1.14): t tails and quantiles, Welch's test,
// Holm's correction, and rank groups.

@testable import Bench
import Testing

@Suite struct StatisticsTests {
    @Test func studentTMatchesScipy() {
        #expect(abs(Statistics.tUpperTail(2.0, df: 5) - 0.050969739414929174) < 1e-9)  // t.sf(2, 5)
        #expect(abs(Statistics.tUpperTail(-1.5, df: 3.3) - 0.8887484016403541) < 1e-9)  // t.sf(-1.5, 3.3)
        #expect(abs(Statistics.tQuantile(upper: 0.025, df: 2) - 4.302652729749462) < 1e-7)  // t.ppf(0.975, 2)
        #expect(abs(Statistics.tQuantile(upper: 0.025, df: 4) - 2.7764451051977934) < 1e-7)
        let s = Stats([1, 2, 3])
        #expect(abs(Statistics.ci95(s)! - 4.302652729749462 / 3.0.squareRoot()) < 1e-7)
        #expect(Statistics.ci95(Stats([1])) == nil)
    }

    @Test func welchMatchesScipy() {
        // ttest_ind(a, b, equal_var=False, alternative='greater')
        #expect(
            abs(Statistics.welchWorse(best: Stats([4, 5, 6]), worse: Stats([1, 2, 3]))! - 0.010655820564378356) < 1e-9)
        #expect(
            abs(
                Statistics.welchWorse(best: Stats([0.9, 0.95, 0.92]), worse: Stats([0.85, 0.96, 0.7]))!
                    - 0.184505188698759) < 1e-9)
        #expect(Statistics.welchWorse(best: Stats([1, 1]), worse: Stats([1, 1])) == 1)
        #expect(Statistics.welchWorse(best: Stats([2, 2]), worse: Stats([1, 1])) == 0)
        #expect(Statistics.welchWorse(best: Stats([2]), worse: Stats([1, 1])) == nil)
    }

    @Test func holmStepsDown() {
        #expect(Statistics.holmRejects([0.01, 0.04, 0.03]) == [true, false, false])
        #expect(Statistics.holmRejects([0.01, 0.02, 0.001]) == [true, true, true])
        #expect(Statistics.holmRejects([0.5]) == [false])
    }

    @Test func rankGroupsJoinWhatCannotBeToldApart() {
        let values: [String: [Double]] = [
            "a": [0.90, 0.91, 0.92], "b": [0.89, 0.92, 0.91],  // level with a
            "c": [0.50, 0.51, 0.52], "d": [0.49, 0.52, 0.50],  // clearly worse, level with each other
            "e": [0.10, 0.11, 0.12],
        ]
        #expect(Statistics.rankGroups(values, higherIsBetter: true) == ["a": 1, "b": 1, "c": 2, "d": 2, "e": 3])
        // Lower is better: the order flips.
        #expect(Statistics.rankGroups(values, higherIsBetter: false) == ["e": 1, "c": 2, "d": 2, "a": 3, "b": 3])
    }
}
