import Ciphers
import TerminalCore

/// Operator passwords, kept only as salted hashes. No I/O, no clock and no
/// randomness (a new salt is the caller's, `SaltSource`; an upgrade keeps the old
/// salt). The core never calls it: the driver does, for the core's password
/// effects (`PasswordWorker`), and the config tools do, to make entries.
///
/// **The scheme is stored with the hash** (`OperatorRecord.scheme`; in
/// Config/operators.yaml the `iterations` key):
///
/// - `pbkdf2SHA256(iterations: n)` — PBKDF2-HMAC-SHA256 (RFC 8018) with `n`
///   iterations, a 32-byte key written as 64 lowercase hex digits. The password is
///   its digits as ASCII; the salt is the record's salt **as written** (its hex
///   digits as ASCII text, not the bytes they spell), so that any salt the config
///   accepts works. A new hash takes at least `minimumIterations` (100,000);
///   `defaultIterations` is 120,000. To check one by hand:
///   `openssl kdf -keylen 32 -kdfopt digest:SHA256 -kdfopt pass:0000 -kdfopt salt:<salt> -kdfopt iter:120000 PBKDF2`
/// - `legacySHA256` — the first release's scheme (an entry without `iterations`):
///   SHA-256(salt ":" password), then 999 times SHA-256(digest ‖ salt). Every
///   four-digit password can be tried against it in about 25 s, so it is still
///   verified but never made again, and a successful sign-in replaces it (`upgraded(_:password:)`), as it
///   does a PBKDF2 hash below the minimum count.
///
/// Comparison is constant-time (OpenSSL's `CRYPTO_memcmp`). Any failure inside the
/// cipher library fails the check: a password is never accepted on an error.
public enum PasswordHash {
  /// The fewest PBKDF2 iterations a new hash may have; fewer is upgraded at sign-in.
  public static let minimumIterations = 100_000
  /// What new and upgraded hashes use.
  public static let defaultIterations = 120_000
  /// The most a configured entry may ask for (about 3.5 s a sign-in here): more would
  /// stall the counter, not protect it.
  public static let maximumIterations = 10_000_000
  /// Rounds of the legacy iterated SHA-256.
  public static let legacyRounds = 1000

  /// A new hash was refused (too few iterations, or the cipher library failed).
  public struct Refused: Error, CustomStringConvertible, Equatable, Sendable {
    public var description: String
  }

  /// A new PBKDF2 hash (64 hex digits) of `password` with `saltHex`; refuses an
  /// iteration count below `minimumIterations` (or above `maximumIterations`).
  public static func hash(
    password: String, saltHex: String, iterations: Int = defaultIterations
  ) throws(Refused) -> String {
    guard iterations >= minimumIterations else {
      throw Refused(
        description:
          "\(iterations) PBKDF2 iterations is below the minimum of \(minimumIterations)")
    }
    guard iterations <= maximumIterations else {
      throw Refused(
        description: "\(iterations) PBKDF2 iterations is above the maximum of \(maximumIterations)")
    }
    do {
      return try pbkdf2(password: password, saltHex: saltHex, iterations: iterations)
    } catch {
      throw Refused(description: "\(error)")
    }
  }

  /// PBKDF2-HMAC-SHA256 at any count, no policy: for verification and for test
  /// fixtures that are not about hashing.
  public static func pbkdf2(password: String, saltHex: String, iterations: Int)
    throws(CipherError) -> String
  {
    Hex.encode(
      try PBKDF2.sha256(
        password: Array(password.utf8), salt: Array(saltHex.utf8), iterations: iterations,
        keyLength: 32))
  }

  /// The legacy iterated SHA-256 (64 hex digits): only to verify old entries and to
  /// make them in tests.
  public static func legacyHash(password: String, saltHex: String) throws(CipherError) -> String {
    let salt = Array(saltHex.utf8)
    var digest = try SHA256.hash(Array((saltHex + ":" + password).utf8))
    for _ in 1..<legacyRounds {
      digest = try SHA256.hash(digest + salt)
    }
    return Hex.encode(digest)
  }

  /// Whether `password` is the one `record` was made from.
  public static func verify(password: String, record: OperatorRecord) -> Bool {
    guard let expected = Hex.decode(record.passwordHash), expected.count == 32 else {
      return false
    }
    let computed: String
    do {
      switch record.scheme {
      case .legacySHA256:
        computed = try legacyHash(password: password, saltHex: record.salt)
      case .pbkdf2SHA256(let iterations):
        guard iterations <= maximumIterations else { return false }
        computed = try pbkdf2(password: password, saltHex: record.salt, iterations: iterations)
      }
    } catch {
      return false
    }
    guard let actual = Hex.decode(computed) else { return false }
    return ConstantTime.equal(actual, expected)
  }

  /// A legacy hash, or PBKDF2 below the minimum count: replace it at the next sign-in.
  public static func needsUpgrade(_ record: OperatorRecord) -> Bool {
    switch record.scheme {
    case .legacySHA256: return true
    case .pbkdf2SHA256(let iterations): return iterations < minimumIterations
    }
  }

  /// `record` re-hashed from the password just verified: PBKDF2 at
  /// `defaultIterations` with the same salt (the core reads no randomness; the salt
  /// is already random and the operator's own). It carries the fingerprint of the
  /// configured entry it stands in for (`OperatorRecord.supersedes`). Nil if the
  /// cipher library fails (the old hash then stays).
  public static func upgraded(_ record: OperatorRecord, password: String) -> OperatorRecord? {
    guard let supersedes = record.supersedes ?? fingerprint(record),
      let hash = try? hash(password: password, saltHex: record.salt)
    else { return nil }
    return OperatorRecord(
      number: record.number, role: record.role, salt: record.salt, passwordHash: hash,
      scheme: .pbkdf2SHA256(iterations: defaultIterations), supersedes: supersedes)
  }

  /// Names one configured entry (scheme, salt and hash) without holding its hash:
  /// SHA-256 over `<scheme>$<salt>$<hash>`, hex. No stronger than the entry it names
  /// (which sits in Config/ anyway), and no weaker.
  public static func fingerprint(_ record: OperatorRecord) -> String? {
    let scheme: String
    switch record.scheme {
    case .legacySHA256: scheme = "legacy-sha256"
    case .pbkdf2SHA256(let iterations): scheme = "pbkdf2-sha256$\(iterations)"
    }
    return (try? SHA256.hash(scheme + "$" + record.salt + "$" + record.passwordHash))
      .map(Hex.encode)
  }

  /// The upgrades (from the journal) that still stand for a configured entry: those
  /// made from the very entry the config holds for that number (its scheme, salt
  /// and hash). One whose entry has since changed in the config (a new password,
  /// salt or count) is dropped: the config wins, and is upgraded again at its next
  /// sign-in if it must. The driver hands the core only these at power-on.
  public static func standingUpgrades(_ upgrades: [OperatorRecord], configured: [OperatorRecord])
    -> [OperatorRecord]
  {
    upgrades.filter { upgrade in
      configured.contains { entry in
        entry.number == upgrade.number
          && upgrade.supersedes != nil
          && upgrade.supersedes == (entry.supersedes ?? fingerprint(entry))
      }
    }
  }
}
