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
    .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
    .package(url: "https://github.com/apple/swift-nio-extras", from: "1.35.2"),
  ],
  targets: [
    // ncursesw, wide-character build; see Sources/CNcursesw/shim.h.
    .systemLibrary(name: "CNcursesw", providers: [.apt(["libncurses-dev"])]),
    // OpenSSL 3's libcrypto (Debian's libssl-dev); see Sources/COpenSSL/shim.h.
    .systemLibrary(name: "COpenSSL", providers: [.apt(["libssl-dev"])]),
    // SHA-256, HMAC, PBKDF2, AES/3DES/SM4 (ECB, CBC) and random bytes, through COpenSSL.
    .target(
      name: "Ciphers", dependencies: ["COpenSSL"],
      linkerSettings: [
        // Debug builds and tests: the shared libcrypto. The deployed (release) binary takes
        // what it uses from Debian's libcrypto.a instead: the shared library's own
        // relocations and start-up cost about 1 MB of a scripted sale's peak memory.
        .linkedLibrary("crypto", .when(configuration: .debug)),
        .linkedLibrary("crypto", .when(platforms: [.macOS], configuration: .release)),
        .unsafeFlags(
          ["-Xlinker", "-l:libcrypto.a"], .when(platforms: [.linux], configuration: .release)),
      ]),

    // The audio-jack reader: stripe codec, framing, AM modem, channel, WAV; and the one
    // Luhn (the acquirer checks PANs with it).
    .target(name: "CardReader"),
    // The pure terminal state machine: events in, state + effects out, screens as data.
    // No ciphers: a password is checked or hashed by the driver (`Passwords`).
    .target(name: "TerminalCore"),
    // Operator passwords: PBKDF2 hashes, their check and upgrade, new salts; the
    // driver's side of the core's password effects.
    .target(name: "Passwords", dependencies: ["TerminalCore", "Ciphers"]),
    // Hand-edited YAML config in Config/, with file/line/field errors.
    .target(
      name: "TerminalConfig",
      dependencies: [
        "TerminalCore", "Passwords", "CardReader", .product(name: "Yams", package: "Yams"),
      ]),
    // What the state folder's SQLite files share: whose folder they belong to (the
    // identity row and its triggers), the read-only check before anything writes, and
    // the seal of a file closed cleanly.
    .target(
      name: "StateFiles",
      dependencies: ["Ciphers", .product(name: "GRDB", package: "GRDB.swift")]),
    // SQLite journal: transactions, counters, batches, reversals, operator locks.
    .target(
      name: "Journal",
      dependencies: [
        "TerminalCore", "Passwords", "StateFiles", .product(name: "GRDB", package: "GRDB.swift"),
      ]),
    // The simulated in-process acquirer/issuer.
    .target(
      name: "Acquirer",
      dependencies: [
        "TerminalCore", "StateFiles", "Chip", "Ciphers", "CardReader",
        .product(name: "GRDB", package: "GRDB.swift"),
      ]),
    // Slip layouts at 32 columns and the receipt files.
    .target(name: "Printer", dependencies: ["TerminalCore"]),
    // ISO 8583 in the UnionPay POS terminal encoding: fields, bitmap, TPDU and
    // header, every host message to and from bytes, working keys, PIN block, MACs.
    .target(name: "ISO8583", dependencies: ["TerminalCore", "Ciphers"]),
    // The host link over TCP (SwiftNIO): the terminal's client (a `RemoteHostLink`) and
    // the acquirer's server, and nothing else: no config (the app layer passes plain
    // settings in), no driver.
    .target(
      name: "HostWire",
      dependencies: [
        "ISO8583", "TerminalCore", "Acquirer", "Ciphers",
        .product(name: "NIOCore", package: "swift-nio"),
        .product(name: "NIOPosix", package: "swift-nio"),
        .product(name: "NIOExtras", package: "swift-nio-extras"),
      ]),
    // The driver: runs the core's effects against journal, host, printer, reader.
    .target(
      name: "TerminalRuntime",
      dependencies: [
        "TerminalCore", "TerminalConfig", "Journal", "Acquirer", "StateFiles", "Printer",
        "CardReader", "Chip", "Passwords",
      ]),
    // `pos-terminal fleet`: many headless sessions, each with its own TCP link, against
    // one host.
    .target(
      name: "Fleet",
      dependencies: [
        "HostWire", "ISO8583", "TerminalRuntime", "TerminalConfig", "TerminalCore",
        .product(name: "NIOCore", package: "swift-nio"),
        .product(name: "NIOPosix", package: "swift-nio"),
      ]),
    // Lessons: the scripted customers, the coach and the score sheet it prints.
    .target(
      name: "Lessons",
      dependencies: ["TerminalRuntime", "TerminalConfig", "TerminalCore", "Printer"]),
    // Piped keystrokes and script files in, plain-text frames out.
    .target(name: "ScriptFront", dependencies: ["TerminalRuntime", "Lessons"]),
    // The ncurses training face.
    .target(name: "CursesFront", dependencies: ["TerminalRuntime", "Lessons", "CNcursesw"]),
    .executableTarget(
      name: "pos-terminal",
      dependencies: [
        "TerminalRuntime", "ScriptFront", "CursesFront", "CardReader", "TerminalConfig",
        "HostWire", "Fleet", "ISO8583", "Lessons", "Passwords",
        .product(name: "ArgumentParser", package: "swift-argument-parser"),
      ],
      // The deployed (release) binary is linked by the toolchain's lld with packed relative
      // relocations (DT_RELR, glibc ≥ 2.36): the loader then reads a 16 KB table instead of
      // 2 MB of relocations, which kept a scripted sale's peak memory over 30 MB.
      linkerSettings: [
        .unsafeFlags(
          ["-use-ld=lld", "-Xlinker", "-z", "-Xlinker", "pack-relative-relocs"],
          .when(platforms: [.linux], configuration: .release))
      ]),

    .testTarget(name: "CiphersTests", dependencies: ["Ciphers"]),
    .testTarget(name: "CardReaderTests", dependencies: ["CardReader"]),
    .testTarget(name: "TerminalCoreTests", dependencies: ["TerminalCore", "Passwords"]),
    .testTarget(name: "PasswordsTests", dependencies: ["Passwords", "TerminalCore"]),
    .testTarget(name: "TerminalConfigTests", dependencies: ["TerminalConfig", "Passwords"]),
    .testTarget(
      name: "StateFilesTests",
      dependencies: ["StateFiles", "Ciphers", .product(name: "GRDB", package: "GRDB.swift")]),
    .testTarget(
      name: "JournalTests",
      dependencies: [
        "Journal", "Passwords", "StateFiles", .product(name: "GRDB", package: "GRDB.swift"),
      ]),
    .testTarget(
      name: "AcquirerTests",
      dependencies: [
        "Acquirer", "StateFiles", "Chip", .product(name: "GRDB", package: "GRDB.swift"),
      ]),
    .testTarget(name: "PrinterTests", dependencies: ["Printer"]),
    .testTarget(
      name: "ISO8583Tests", dependencies: ["ISO8583", "TerminalCore", "Ciphers", "TestPython"]),
    .testTarget(
      name: "HostWireTests",
      dependencies: [
        "HostWire", "ISO8583", "TerminalCore", "Acquirer", "Ciphers", "TerminalRuntime",
        "TerminalConfig", "Journal", "TestPython",
      ]),
    .testTarget(
      name: "AcceptanceTests",
      dependencies: [
        "ScriptFront", "TerminalRuntime", "TerminalConfig", "Journal", "TerminalCore", "Lessons",
        "StateFiles", "Passwords",
      ],
      exclude: ["Golden"]),
    .testTarget(
      name: "CursesFrontTests",
      dependencies: ["CursesFront", "TerminalRuntime", "TerminalConfig", "Lessons", "ScriptFront"],
      exclude: ["Golden"]),

    // Chip cards, contactless and QR payment codes: BER-TLV, the simulated ICC, the
    // terminal kernel, cryptograms and the issuer's check. The runtime drives the card;
    // the acquirer verifies the ARQC.
    .target(name: "Chip", dependencies: ["Ciphers"]),
    .testTarget(name: "ChipTests", dependencies: ["Chip", "Ciphers", "TestPython"]),

    // The tests' Python checkers: a venv in .build/test-venv from Tests/requirements.txt,
    // made on first use.
    .target(name: "TestPython", path: "Tests/TestPython"),
  ]
)
