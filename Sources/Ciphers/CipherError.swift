import COpenSSL

/// Everything that can go wrong in `Ciphers`: a bad argument (checked before OpenSSL
/// is called, so a wrong length never reaches C code) or OpenSSL itself failing.
public enum CipherError: Error, Sendable, Equatable, CustomStringConvertible {
  /// The key is not a length the algorithm takes.
  case keyLength(algorithm: String, got: Int, expected: Int)
  /// The CBC initialisation vector is not one block long.
  case ivLength(algorithm: String, got: Int, expected: Int)
  /// ECB and CBC here take whole blocks only (no padding).
  case notWholeBlocks(algorithm: String, length: Int, blockSize: Int)
  /// An argument out of range (an iteration count, an output length…).
  case invalidArgument(String)
  /// OpenSSL refused or failed: the call, and what its error queue said.
  case openSSL(call: String, detail: String)

  public var description: String {
    switch self {
    case .keyLength(let algorithm, let got, let expected):
      return "\(algorithm): key of \(got) bytes; expected \(expected)"
    case .ivLength(let algorithm, let got, let expected):
      return "\(algorithm): IV of \(got) bytes; expected \(expected)"
    case .notWholeBlocks(let algorithm, let length, let blockSize):
      return
        "\(algorithm): \(length) bytes is not a whole number of \(blockSize)-byte blocks (no padding is added)"
    case .invalidArgument(let what):
      return what
    case .openSSL(let call, let detail):
      return "OpenSSL \(call) failed: \(detail)"
    }
  }

  /// The failure of `call`, with OpenSSL's error queue (which this empties).
  static func openSSL(_ call: String) -> CipherError {
    var messages: [String] = []
    while true {
      let code = ERR_get_error()
      if code == 0 { break }
      var buffer = [CChar](repeating: 0, count: 256)
      ERR_error_string_n(code, &buffer, buffer.count)
      messages.append(
        String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self))
    }
    return .openSSL(
      call: call, detail: messages.isEmpty ? "no detail" : messages.joined(separator: "; "))
  }
}

/// Runs `body` with a pointer to the bytes that is never nil, even for no bytes
/// (OpenSSL takes a NULL buffer badly in places, even with a zero length).
@inline(__always)
func withBytes<R, E: Error>(
  _ bytes: [UInt8], _ body: (UnsafePointer<UInt8>, Int) throws(E) -> R
) throws(E) -> R {
  if bytes.isEmpty {
    var zero: UInt8 = 0
    return try body(&zero, 0)
  }
  // `withUnsafeBufferPointer` rethrows untyped; keep the typed error through a Result.
  let result: Result<R, E> = bytes.withUnsafeBufferPointer { buffer in
    do throws(E) {
      return .success(try body(buffer.baseAddress!, buffer.count))
    } catch {
      return .failure(error)
    }
  }
  return try result.get()
}
