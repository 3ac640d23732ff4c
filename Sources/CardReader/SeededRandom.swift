import Foundation

/// xoshiro256** seeded through SplitMix64: a small, fast, reproducible generator.
/// (Never SystemRandomNumberGenerator: every impairment must replay from its seed.)
public struct SeededRandom: RandomNumberGenerator, Sendable {
  private var s0: UInt64, s1: UInt64, s2: UInt64, s3: UInt64
  private var spare: Double? = nil

  public init(seed: UInt64) {
    var x = seed
    func splitmix() -> UInt64 {
      x &+= 0x9E37_79B9_7F4A_7C15
      var z = x
      z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
      z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
      return z ^ (z >> 31)
    }
    s0 = splitmix()
    s1 = splitmix()
    s2 = splitmix()
    s3 = splitmix()
  }

  @inline(__always) static func rotl(_ x: UInt64, _ k: UInt64) -> UInt64 {
    (x << k) | (x >> (64 - k))
  }

  public mutating func next() -> UInt64 {
    let result = Self.rotl(s1 &* 5, 7) &* 9
    let t = s1 << 17
    s2 ^= s0
    s3 ^= s1
    s1 ^= s2
    s0 ^= s3
    s2 ^= t
    s3 = Self.rotl(s3, 45)
    return result
  }

  /// Uniform in [0, 1).
  @inline(__always) public mutating func uniform() -> Double {
    Double(next() >> 11) * 0x1.0p-53
  }

  /// Standard normal, Marsaglia's polar form of Box–Muller (two values per accepted pair).
  public mutating func gaussian() -> Double {
    if let g = spare {
      spare = nil
      return g
    }
    while true {
      let u = 2 * uniform() - 1
      let v = 2 * uniform() - 1
      let s = u * u + v * v
      if s > 0, s < 1 {
        let m = (-2 * log(s) / s).squareRoot()
        spare = v * m
        return u * m
      }
    }
  }
}
