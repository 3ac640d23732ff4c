import Foundation
import TerminalCore

/// What one script of a suite did, read from its transcript and exit status.
public struct SuiteResult: Sendable, Equatable {
  /// A failed expectation (or a run that failed without one): its line and the
  /// screen shown with it.
  public struct Failure: Sendable, Equatable {
    public var message: String
    public var screen: [String]
  }

  public var name: String
  public var met: Int
  public var failures: [Failure]
  public var exit: Int32
  public var seconds: Double
  /// The run's stderr, for a run that failed for another reason (bad usage, config).
  public var stderr: String

  /// A script passes when its run exits 0 (every expectation met, the exit expected).
  public var passed: Bool { exit == 0 }

  /// Every failure to report: the expectations, or the exit status itself.
  public var reportedFailures: [Failure] {
    if !failures.isEmpty || passed { return failures }
    let why = stderr.split(separator: "\n").last.map { ": \($0)" } ?? ""
    return [Failure(message: "the run exited \(exit)\(why)", screen: [])]
  }

  public init(
    name: String, met: Int, failures: [Failure], exit: Int32, seconds: Double, stderr: String = ""
  ) {
    self.name = name
    self.met = met
    self.failures = failures
    self.exit = exit
    self.seconds = seconds
    self.stderr = stderr
  }

  /// Reads a run's transcript: `[expect] ok …` lines are met expectations, each
  /// `[expect] FAILED …` line a failure, with the LCD box that follows it.
  public init(name: String, transcript: String, exit: Int32, seconds: Double, stderr: String) {
    var met = 0
    var failures: [Failure] = []
    let lines = transcript.split(separator: "\n", omittingEmptySubsequences: false)
    var k = 0
    while k < lines.count {
      let line = lines[k]
      k += 1
      if line.hasPrefix("[expect] ok ") {
        met += 1
      } else if line.hasPrefix("[expect] FAILED ") {
        var failure = Failure(
          message: String(line.dropFirst("[expect] FAILED ".count)), screen: [])
        // The box: a border, the LCD rows, a border.
        if k < lines.count, lines[k].hasPrefix("+") {
          k += 1
          while k < lines.count, lines[k].hasPrefix("|"), lines[k].hasSuffix("|") {
            failure.screen.append(String(lines[k].dropFirst().dropLast()))
            k += 1
          }
          if k < lines.count, lines[k].hasPrefix("+") { k += 1 }
        }
        failures.append(failure)
      }
    }
    self.init(
      name: name, met: met, failures: failures, exit: exit, seconds: seconds, stderr: stderr)
  }
}

/// A suite's results as a table, JUnit XML or TAP.
public enum SuiteReport {
  /// script, result, expectations met and failed, exit, time: columns aligned by
  /// display width (a CJK character is two columns), then a summary line.
  public static func table(_ results: [SuiteResult]) -> String {
    let header = ["script", "result", "met", "failed", "exit", "time"]
    let rows = results.map {
      [
        $0.name, $0.passed ? "ok" : "FAIL", String($0.met), String($0.failures.count),
        String($0.exit), String(format: "%.2f s", $0.seconds),
      ]
    }
    let all = [header] + rows
    let widths = (0..<header.count).map { c in all.map { DisplayWidth.of($0[c]) }.max() ?? 0 }
    var out = ""
    for row in all {
      var line = ""
      for (c, cell) in row.enumerated() {
        let pad = String(repeating: " ", count: widths[c] - DisplayWidth.of(cell))
        // Names and words to the left, numbers to the right.
        line += c < 2 ? cell + pad : pad + cell
        if c < row.count - 1 { line += "  " }
      }
      while line.hasSuffix(" ") { line.removeLast() }
      out += line + "\n"
    }
    let failed = results.filter { !$0.passed }
    out +=
      "\(results.count) script(s): \(results.count - failed.count) passed, \(failed.count) failed"
    if !failed.isEmpty { out += " (" + failed.map(\.name).joined(separator: ", ") + ")" }
    return out + "\n"
  }

  /// JUnit XML: one `testsuite`, one `testcase` a script, one `failure` for each
  /// failed expectation with its frame (in the message) and the screen (the body).
  public static func junit(_ results: [SuiteResult], suiteName: String) -> String {
    let failures = results.filter { !$0.passed }.count
    let total = results.reduce(0) { $0 + $1.seconds }
    var out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
    out +=
      "<testsuites name=\"\(xml(suiteName))\" tests=\"\(results.count)\" failures=\"\(failures)\" errors=\"0\" time=\"\(seconds(total))\">\n"
    out +=
      "  <testsuite name=\"\(xml(suiteName))\" tests=\"\(results.count)\" failures=\"\(failures)\" errors=\"0\" skipped=\"0\" time=\"\(seconds(total))\">\n"
    for result in results {
      let open =
        "    <testcase name=\"\(xml(result.name))\" classname=\"\(xml(suiteName))\" time=\"\(seconds(result.seconds))\""
      if result.passed {
        out += open + "/>\n"
        continue
      }
      out += open + ">\n"
      for failure in result.reportedFailures {
        let type = result.failures.isEmpty ? "exit" : "expectation"
        out += "      <failure message=\"\(xml(failure.message))\" type=\"\(type)\">"
        var body = failure.message + "\n"
        for row in failure.screen { body += "|" + row + "|\n" }
        out += xml(body) + "</failure>\n"
      }
      out +=
        "      <system-out>exit \(result.exit), \(result.met) expectation(s) met</system-out>\n"
      out += "    </testcase>\n"
    }
    out += "  </testsuite>\n</testsuites>\n"
    return out
  }

  /// TAP version 13: `ok N - script` or `not ok N - script` with a YAML block of
  /// the failures.
  public static func tap(_ results: [SuiteResult]) -> String {
    var out = "TAP version 13\n1..\(results.count)\n"
    for (n, result) in results.enumerated() {
      let tested =
        "\(n + 1) - \(result.name) # \(result.met) expectation(s) met, exit \(result.exit)"
      if result.passed {
        out += "ok \(tested)\n"
        continue
      }
      out += "not ok \(tested)\n  ---\n  exit: \(result.exit)\n  failures:\n"
      for failure in result.reportedFailures {
        out += "    - message: \(yaml(failure.message))\n"
        if !failure.screen.isEmpty {
          out += "      screen:\n"
          for row in failure.screen { out += "        - \(yaml(row))\n" }
        }
      }
      out += "  ...\n"
    }
    return out
  }

  static func seconds(_ s: Double) -> String { String(format: "%.3f", s) }

  /// Text in an XML attribute or element: the five entities escaped, and the
  /// control characters XML 1.0 cannot hold shown as `\u{1B}`.
  static func xml(_ s: String) -> String {
    var out = ""
    for scalar in s.unicodeScalars {
      switch scalar {
      case "&": out += "&amp;"
      case "<": out += "&lt;"
      case ">": out += "&gt;"
      case "\"": out += "&quot;"
      case "'": out += "&apos;"
      case "\n", "\t": out.unicodeScalars.append(scalar)
      default:
        if scalar.value < 0x20 || scalar.value == 0xFFFE || scalar.value == 0xFFFF {
          out += "\\u{" + String(scalar.value, radix: 16, uppercase: true) + "}"
        } else {
          out.unicodeScalars.append(scalar)
        }
      }
    }
    return out
  }

  /// A YAML double-quoted scalar.
  static func yaml(_ s: String) -> String {
    var out = "\""
    for scalar in s.unicodeScalars {
      switch scalar {
      case "\"": out += "\\\""
      case "\\": out += "\\\\"
      default:
        if scalar.value < 0x20 {
          out += "\\x" + (scalar.value < 0x10 ? "0" : "") + String(scalar.value, radix: 16)
        } else {
          out.unicodeScalars.append(scalar)
        }
      }
    }
    return out + "\""
  }
}
