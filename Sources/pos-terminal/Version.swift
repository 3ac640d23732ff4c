/// The version `pos-terminal --version` prints: the newest release in CHANGELOG.md
/// (a test keeps the two the same).
enum POSTerminalVersion {
  static let current = "0.9.0"
}
