// swift-tools-version:6.0
import PackageDescription

let package = Package(
  name: "pos-terminal",
  platforms: [.macOS(.v13)],
  products: [
    .executable(name: "pos-terminal", targets: ["pos-terminal"])
  ],
  dependencies: [
    .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
    .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
    .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
  ],
  targets: [
    // ncursesw, wide-character build; see Sources/CNcursesw/shim.h.
    .systemLibrary(name: "CNcursesw", providers: [.apt(["libncurses-dev"])]),
    // OpenSSL 3's libcrypto (Debian's libssl-dev); see Sources/COpenSSL/shim.h.
    .systemLibrary(name: "COpenSSL", providers: [.apt(["libssl-dev"])]),
    // SHA-256, HMAC, PBKDF2, AES/3DES/SM4 (ECB, CBC) and random bytes, through COpenSSL.
    .target(name: "Ciphers", dependencies: ["COpenSSL"]),

    // The audio-jack reader: stripe codec, framing, AM modem, channel, WAV.
    .target(name: "CardReader"),
    // The pure terminal state machine: events in, state + effects out, screens as data.
    .target(name: "TerminalCore", dependencies: ["Ciphers"]),
    // Hand-edited YAML config in Config/, with file/line/field errors.
    .target(
      name: "TerminalConfig",
      dependencies: ["TerminalCore", "CardReader", .product(name: "Yams", package: "Yams")]),
    // What the state folder's SQLite files share: whose folder they belong to (the
    // identity row and its triggers) and the read-only check before anything writes.
    .target(name: "StateFiles", dependencies: [.product(name: "GRDB", package: "GRDB.swift")]),
    // SQLite journal: transactions, counters, batches, reversals, operator locks.
    .target(
      name: "Journal",
      dependencies: [
        "TerminalCore", "StateFiles", .product(name: "GRDB", package: "GRDB.swift"),
      ]),
    // The simulated in-process acquirer/issuer.
    .target(
      name: "Acquirer",
      dependencies: [
        "TerminalCore", "StateFiles", "Chip", "Ciphers",
        .product(name: "GRDB", package: "GRDB.swift"),
      ]),
    // Slip layouts at 32 columns and the receipt files.
    .target(name: "Printer", dependencies: ["TerminalCore"]),
    // The driver: runs the core's effects against journal, host, printer, reader.
    .target(
      name: "TerminalRuntime",
      dependencies: [
        "TerminalCore", "TerminalConfig", "Journal", "Acquirer", "StateFiles", "Printer",
        "CardReader", "Chip",
      ]),
    // Piped keystrokes and script files in, plain-text frames out.
    .target(name: "ScriptFront", dependencies: ["TerminalRuntime"]),
    // The ncurses training face.
    .target(name: "CursesFront", dependencies: ["TerminalRuntime", "CNcursesw"]),
    .executableTarget(
      name: "pos-terminal",
      dependencies: [
        "TerminalRuntime", "ScriptFront", "CursesFront", "CardReader", "TerminalConfig",
        .product(name: "ArgumentParser", package: "swift-argument-parser"),
      ]),

    .testTarget(name: "CiphersTests", dependencies: ["Ciphers"]),
    .testTarget(name: "CardReaderTests", dependencies: ["CardReader"]),
    .testTarget(name: "TerminalCoreTests", dependencies: ["TerminalCore"]),
    .testTarget(name: "TerminalConfigTests", dependencies: ["TerminalConfig"]),
    .testTarget(
      name: "StateFilesTests",
      dependencies: ["StateFiles", .product(name: "GRDB", package: "GRDB.swift")]),
    .testTarget(
      name: "JournalTests",
      dependencies: ["Journal", "StateFiles", .product(name: "GRDB", package: "GRDB.swift")]),
    .testTarget(
      name: "AcquirerTests",
      dependencies: [
        "Acquirer", "StateFiles", "Chip", .product(name: "GRDB", package: "GRDB.swift"),
      ]),
    .testTarget(name: "PrinterTests", dependencies: ["Printer"]),
    .testTarget(
      name: "AcceptanceTests",
      dependencies: [
        "ScriptFront", "TerminalRuntime", "TerminalConfig", "Journal", "TerminalCore",
      ],
      exclude: ["Golden"]),
    .testTarget(
      name: "CursesFrontTests", dependencies: ["CursesFront", "TerminalRuntime", "TerminalConfig"],
      exclude: ["Golden"]),

    // Chip cards, contactless and QR payment codes: BER-TLV, the simulated ICC, the
    // terminal kernel, cryptograms and the issuer's check. The runtime drives the card;
    // the acquirer verifies the ARQC.
    .target(name: "Chip", dependencies: ["Ciphers"]),
    .testTarget(name: "ChipTests", dependencies: ["Chip", "Ciphers"]),
  ]
)
