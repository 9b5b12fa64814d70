// PyTorch's CPU `torch.randperm(n, generator=torch.Generator().manual_seed(seed))`, reproduced
// bit for bit (for n < 2³²/20): a 32-bit Mersenne Twister (MT19937, `init_genrand` seeding) and
// the swap loop of aten's randperm_cpu, r[i] ↔ r[i + random() mod (n − i)]. FourierFT uses it so
// that its frequency positions are HF PEFT's for the same seed, and its adapters export exactly.

struct MersenneTwister {
    var state = [UInt32](repeating: 0, count: 624)
    var index = 624

    init(seed: UInt32) {
        state[0] = seed
        for i in 1..<624 { state[i] = 1_812_433_253 &* (state[i - 1] ^ (state[i - 1] >> 30)) &+ UInt32(i) }
    }

    mutating func next() -> UInt32 {
        if index >= 624 {
            for k in 0..<624 {
                let y = (state[k] & 0x8000_0000) | (state[(k + 1) % 624] & 0x7FFF_FFFF)
                state[k] = state[(k + 397) % 624] ^ (y >> 1) ^ (y & 1 == 0 ? 0 : 0x9908_B0DF)
            }
            index = 0
        }
        var y = state[index]
        index += 1
        y ^= y >> 11
        y ^= (y << 7) & 0x9D2C_5680
        y ^= (y << 15) & 0xEFC6_0000
        y ^= y >> 18
        return y
    }
}

/// torch.randperm(n) with a generator seeded by `seed`.
func torchRandperm(_ n: Int, seed: UInt64) -> [Int] {
    precondition(n < Int(UInt32.max / 20), "torchRandperm: n = \(n) takes PyTorch's 64-bit path, not reproduced")
    var generator = MersenneTwister(seed: UInt32(truncatingIfNeeded: seed))
    var r = Array(0..<n)
    for i in 0..<Swift.max(n - 1, 0) {
        let z = Int(generator.next() % UInt32(n - i))
        r.swapAt(i, i + z)
    }
    return r
}
