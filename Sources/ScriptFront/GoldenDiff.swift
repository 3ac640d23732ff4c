import Foundation

/// A transcript compared with its golden file frame by frame, each frame known by
/// what caused it (`key <enter>`, `<swipe 1>`, `waiting for the host`) and not by
/// its number: a frame added early in a run shows as one added frame, and the
/// frames after it, renumbered, still match.
///
/// The frames are aligned by a longest common subsequence (the standard library's
/// `difference(from:)`, Myers' algorithm), with the frame numbers left out of the
/// comparison. A frame of the golden and one of the run with the same cause inside
/// the same gap are one changed frame, shown line by line.
public struct GoldenDiff: Sendable {
  /// One frame: its header and box and the lines written after it (`[printer]`,
  /// `[expect]`, `[end]`…). The lines before the first frame are one block too.
  public struct Block: Hashable, Sendable {
    /// What caused the frame (`start` for the lines before the first frame).
    public var cause: String
    /// Its number in its own transcript (nil for the lines before the first frame).
    public var number: Int?
    /// Its lines, the header's frame number left out.
    public var lines: [String]

    public static func == (a: Block, b: Block) -> Bool { a.cause == b.cause && a.lines == b.lines }
    public func hash(into hasher: inout Hasher) {
      hasher.combine(cause)
      hasher.combine(lines)
    }
  }

  /// One difference: a changed frame (both sides), a frame only the run has, or one
  /// only the golden has.
  public struct Hunk: Sendable, Equatable {
    public var golden: Block?
    public var run: Block?
    public var cause: String { run?.cause ?? golden?.cause ?? "" }
  }

  public let hunks: [Hunk]
  public var isEmpty: Bool { hunks.isEmpty }

  public init(golden: String, run: String) {
    let old = Self.blocks(golden)
    let new = Self.blocks(run)
    let difference = new.difference(from: old)
    var removed = Set<Int>()
    var inserted = Set<Int>()
    for change in difference {
      switch change {
      case .remove(let offset, _, _): removed.insert(offset)
      case .insert(let offset, _, _): inserted.insert(offset)
      }
    }
    var hunks: [Hunk] = []
    var i = 0
    var j = 0
    while i < old.count || j < new.count {
      if i < old.count, j < new.count, !removed.contains(i), !inserted.contains(j) {
        i += 1
        j += 1
        continue
      }
      // A gap: the golden's frames that are gone and the run's that are new.
      var gone: [Block] = []
      var added: [Block] = []
      while i < old.count, removed.contains(i) {
        gone.append(old[i])
        i += 1
      }
      while j < new.count, inserted.contains(j) {
        added.append(new[j])
        j += 1
      }
      hunks += Self.pair(gone, added)
    }
    self.hunks = hunks
  }

  /// Within one gap, frames with the same cause (in order) are one changed frame.
  static func pair(_ gone: [Block], _ added: [Block]) -> [Hunk] {
    let causes = added.map(\.cause).difference(from: gone.map(\.cause))
    var unmatchedGone = Set<Int>()
    var unmatchedAdded = Set<Int>()
    for change in causes {
      switch change {
      case .remove(let offset, _, _): unmatchedGone.insert(offset)
      case .insert(let offset, _, _): unmatchedAdded.insert(offset)
      }
    }
    var hunks: [Hunk] = []
    var i = 0
    var j = 0
    while i < gone.count || j < added.count {
      if i < gone.count, unmatchedGone.contains(i) {
        hunks.append(Hunk(golden: gone[i], run: nil))
        i += 1
      } else if j < added.count, unmatchedAdded.contains(j) {
        hunks.append(Hunk(golden: nil, run: added[j]))
        j += 1
      } else if i < gone.count, j < added.count {
        hunks.append(Hunk(golden: gone[i], run: added[j]))
        i += 1
        j += 1
      } else {
        break  // unreachable: the two sides' matched causes pair up
      }
    }
    return hunks
  }

  /// The transcript cut into frames.
  public static func blocks(_ transcript: String) -> [Block] {
    var blocks: [Block] = []
    var current = Block(cause: "start", number: nil, lines: [])
    var lines = transcript.split(separator: "\n", omittingEmptySubsequences: false)
    if lines.last == "" { lines.removeLast() }
    for line in lines {
      if let header = header(line) {
        if current.number != nil || !current.lines.isEmpty { blocks.append(current) }
        current = Block(cause: header.cause, number: header.number, lines: [header.unnumbered])
      } else {
        current.lines.append(String(line))
      }
    }
    if current.number != nil || !current.lines.isEmpty { blocks.append(current) }
    return blocks
  }

  /// `=== frame 12 · 2026-11-21 09:30:00 +08:00 · key <enter> ===`: its number, its
  /// cause, and the header without the number.
  static func header(_ line: Substring) -> (number: Int, cause: String, unnumbered: String)? {
    let prefix = "=== frame "
    let suffix = " ==="
    guard line.hasPrefix(prefix), line.hasSuffix(suffix) else { return nil }
    let inner = line.dropFirst(prefix.count).dropLast(suffix.count)
    let parts = inner.components(separatedBy: " · ")
    guard parts.count >= 3, let number = Int(parts[0]) else { return nil }
    let cause = parts[2...].joined(separator: " · ")
    return (number, cause, "=== frame · " + parts[1...].joined(separator: " · ") + suffix)
  }

  /// The differences as a unified diff: one `@@` hunk a frame, named by its cause
  /// and its numbers on each side; a changed frame line by line.
  public func unified(goldenName: String, runName: String = "this run") -> String {
    var out = "--- \(goldenName)\n+++ \(runName)\n"
    for hunk in hunks {
      let g =
        hunk.golden?.number.map { "golden frame \($0)" }
        ?? (hunk.golden == nil ? "not in the golden" : "golden start")
      let r =
        hunk.run?.number.map { "run frame \($0)" }
        ?? (hunk.run == nil ? "not in this run" : "run start")
      out += "@@ \(hunk.cause) · \(g), \(r) @@\n"
      let old = hunk.golden?.lines ?? []
      let new = hunk.run?.lines ?? []
      out += Self.lineDiff(old, new)
    }
    return out
  }

  /// Two frames' lines with ` `, `-` and `+` prefixes.
  static func lineDiff(_ old: [String], _ new: [String]) -> String {
    var removed = Set<Int>()
    var inserted = Set<Int>()
    for change in new.difference(from: old) {
      switch change {
      case .remove(let offset, _, _): removed.insert(offset)
      case .insert(let offset, _, _): inserted.insert(offset)
      }
    }
    var out = ""
    var i = 0
    var j = 0
    while i < old.count || j < new.count {
      if i < old.count, removed.contains(i) {
        out += "-" + old[i] + "\n"
        i += 1
      } else if j < new.count, inserted.contains(j) {
        out += "+" + new[j] + "\n"
        j += 1
      } else if i < old.count, j < new.count {
        out += " " + new[j] + "\n"
        i += 1
        j += 1
      } else {
        break
      }
    }
    return out
  }
}
