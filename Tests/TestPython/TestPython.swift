import Foundation

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// The Python that the independent checkers run under: a virtual environment in
/// `.build/test-venv` with Tests/requirements.txt installed, made on first use so that
/// `swift test` passes on a fresh clone with nothing installed by hand.
///
/// It is made once: a lock file keeps parallel test processes from building it
/// twice, and a copy of requirements.txt inside it says what it holds (a changed
/// requirements.txt makes it anew). When it cannot be made (no venv module, the package
/// index out of reach) every test that needs it fails with the reason: never a skip.
public enum TestPython {
  public struct SetupError: Error, CustomStringConvertible {
    public let description: String
  }

  static let packageRoot = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
  static let venv = packageRoot.appendingPathComponent(".build/test-venv")
  static let requirements = packageRoot.appendingPathComponent("Tests/requirements.txt")

  /// The modules Tests/requirements.txt provides, imported to prove the venv works.
  static let modules = "iso8583, Crypto, cryptography"

  /// The venv's python3, set up on first use (once per process: `static let`).
  public static func interpreter() throws -> String { try ready.get() }

  private static let ready = Result<String, SetupError> { () throws(SetupError) in try setUp() }

  private static func setUp() throws(SetupError) -> String {
    let python = venv.appendingPathComponent("bin/python3").path
    let stamp = venv.appendingPathComponent("requirements.txt")
    guard let wanted = try? Data(contentsOf: requirements) else {
      throw SetupError(description: "test-venv: cannot read \(requirements.path)")
    }
    try? FileManager.default.createDirectory(
      at: venv.deletingLastPathComponent(), withIntermediateDirectories: true)
    let lockPath = venv.path + ".lock"
    let lock = open(lockPath, O_CREAT | O_RDWR, 0o644)
    guard lock >= 0 else { throw SetupError(description: "test-venv: cannot open \(lockPath)") }
    defer { close(lock) }  // closing releases the lock
    guard flock(lock, LOCK_EX) == 0 else {
      throw SetupError(description: "test-venv: cannot lock \(lockPath)")
    }
    if (try? Data(contentsOf: stamp)) == wanted,
      FileManager.default.isExecutableFile(atPath: python)
    {
      return python
    }

    print(
      "test-venv: setting up .build/test-venv for the Python checkers "
        + "(python3 -m venv, pip install -r Tests/requirements.txt; once)")
    try? FileManager.default.removeItem(at: venv)
    let made = run(["/usr/bin/env", "python3", "-m", "venv", venv.path])
    guard made.status == 0 else {
      throw SetupError(
        description: """
          test-venv: `python3 -m venv \(venv.path)` failed (exit \(made.status)). On Debian \
          install the venv module: apt-get install python3-venv.
          \(made.output)
          """)
    }
    let pip = run([
      python, "-m", "pip", "install", "--disable-pip-version-check", "--quiet",
      "--retries", "2", "--timeout", "20", "-r", requirements.path,
    ])
    guard pip.status == 0 else {
      throw SetupError(
        description: """
          test-venv: pip could not install Tests/requirements.txt into .build/test-venv \
          (exit \(pip.status)); is the package index reachable? These tests need \
          \(modules) and fail without them.
          \(pip.output.suffix(2000))
          """)
    }
    let check = run([python, "-c", "import \(modules)"])
    guard check.status == 0 else {
      throw SetupError(
        description: "test-venv: the venv cannot import \(modules):\n\(check.output)")
    }
    do { try wanted.write(to: stamp) } catch {
      throw SetupError(description: "test-venv: cannot write \(stamp.path): \(error)")
    }
    return python
  }

  private static func run(_ arguments: [String]) -> (status: Int32, output: String) {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: arguments[0])
    process.arguments = Array(arguments.dropFirst())
    let pipe = Pipe()
    process.standardOutput = pipe
    process.standardError = pipe
    process.standardInput = FileHandle.nullDevice
    do { try process.run() } catch { return (-1, "\(arguments[0]): \(error)") }
    let data = pipe.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return (process.terminationStatus, String(decoding: data, as: UTF8.self))
  }
}
