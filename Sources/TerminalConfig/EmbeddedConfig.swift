// GENERATED from Config/*.yaml — do not edit by hand.
// A test (embeddedTextsEqualTheFilesByteForByte) fails when this drifts from the files;
// regenerate: REGENERATE_EMBEDDED_CONFIG=1 swift test --filter regenerateEmbeddedConfig

enum EmbeddedConfig {
  static let files: [String: String] = [
    "terminal.yaml": terminal, "operators.yaml": operators, "deck.yaml": deck,
    "reader.yaml": reader, "host.yaml": host, "printer.yaml": printer,
  ]

  static let terminal = #"""
    # terminal.yaml — who this terminal is, as printed on every slip.
    # Edit by hand; `pos-terminal` checks every value when it starts and names the
    # file, line and field of anything wrong. Keys marked (optional) may be left out.

    # 商户名称: the shop's name on the slip header (at most 64 display columns;
    # a Chinese character counts as two). Long names wrap on the 32-column slip.
    merchant_name: "模拟商户 SIMULATED SHOP"

    # 商户编号: the 15-digit merchant number the acquirer assigned. Quote it.
    merchant_no: "898310048160001"

    # 终端编号: the 8-digit terminal number. Quote it.
    terminal_no: "10000001"

    # 收单行 (optional): the acquiring institution printed as 收单行(ACQ).
    # Default: 银联商务
    acquirer: "银联商务"

    # (optional) Time zone for slips and the day-end check: an offset like
    # "+08:00" or a zone name like Asia/Shanghai. Default: "+08:00"
    time_zone: "+08:00"

    # (optional) Screen language: zh (中文) or en. Default: zh
    language: zh

    # (optional) Largest amount one sale may take, in fen (1/100 yuan):
    # 1 ... 999999999 (= 9,999,999.99 yuan). Default: 999999999
    max_amount_fen: 999999999

    # (optional) Seconds without a key before a screen gives up and returns to
    # the menu (5 ... 3600). Default: 60
    idle_timeout_seconds: 60

    # (optional) Seconds the terminal waits for the host's reply before it gives
    # up (交易超时, 68) and, for a sale, reverses it (冲正): more than 0, at most
    # 600. Default: 60
    host_timeout_s: 60

    # (optional) Training mode: every slip carries 测试/TESTING,凭证无效 so it can
    # never pass for a real voucher. Default: true
    training_mode: true

    # (optional) Main menu layout: lakala (1 消费, 2 扫一扫, 3 撤销, 4 退货,
    # 5 余额查询, 6 预授权, 7 打印, 8 管理) or unionpay (the classic bank terminal:
    # 1 消费, 2 撤销, 3 退货, 4 预授权, 6 打印, 7 管理, 8 其它). Default: lakala
    menu: lakala

    # (optional) A void (撤销, and 预授权完成撤销) asks for the card to be swiped,
    # and for the cardholder's PIN. Default: true
    void_requires_swipe: true
    void_requires_pin: true

    # (optional) A chip card (service code starting 2 or 6) swiped instead of
    # inserted: never = refuse the swipe even after its chip failed (不支持降级交易,
    # the rule since 2014); after_failure = take a swipe once the chip failed to
    # read, marked fallback (field 22 = 02x, field 60.5 = 2). Default: never
    chip_fallback: never

    # (optional) 闪付 QuickPass no-PIN-no-signature limit, in fen: a tap up to it
    # goes online without a PIN (免密免签), above it a debit card asks for the PIN.
    # 0 ... 999999999. Default: 100000 (1,000.00 yuan)
    quickpass_limit_fen: 100000

    """#

  static let operators = #"""
    # operators.yaml — who may sign in (操作员).
    # Cashiers: two-digit numbers 01–99, four-digit passwords.
    # Supervisor: number 00 (exactly one), six-digit password; manages operators.
    #
    # Passwords are never stored: each operator has a random salt (hex) and
    # password_hash = PBKDF2-HMAC-SHA256(password, salt, iterations), 32 bytes as
    # 64 hex digits (the salt is used as written: its hex digits as text).
    # iterations: at least 100000 for a new hash (120000 by default). An entry
    # without `iterations` is the first release's hash (1,000 rounds of salted
    # SHA-256): it still works, and the operator's next sign-in replaces it with
    # PBKDF2 (kept in the journal, not written back here). To add an operator or
    # change a password, run
    #     echo 1234 | pos-terminal config operator-entry --number 02
    # and paste the lines it prints under `operators:`. Numbers must be unique.
    #
    # Out of the box: cashier 01 / password 0000, supervisor 00 / password 123456.

    operators:
      # Supervisor 00, password 123456.
      - number: "00"
        role: supervisor
        salt: 8e2a4c6f0b1d3e5a7c9f2b4d6e8a0c1f
        iterations: 120000
        password_hash: 21dd3ddeef402eb33b750ed4a6f17b48641a85703d0716d27a68c91aa1c17bb3

      # Cashier 01, password 0000.
      - number: "01"
        role: cashier
        salt: 3f1c9a7e5b2d4068a1c3e5f7092b4d6e
        iterations: 120000
        password_hash: e298719b5ff83024b54f15fe436ae0a7f192e9f3a415d99ec8de8c699717ac8f

    """#

  static let deck = #"""
    # deck.yaml — the trainer's test deck. Swipe, insert or tap a card by its
    # position (<swipe N>, <insert N>, <tap N>): the first card below is card 1,
    # the next card 2, and so on (file order).
    #
    # Fields of a card (optional ones say their default):
    #   label          what the trainer sees on the card tray (≤ 32 columns)
    #                  (optional, default: issuer and kind)
    #   pan            card number, 13–19 digits, quoted. UnionPay cards start 62
    #                  and pass the Luhn check; a bad check digit is accepted here
    #                  and left for the host to reject (14, 无效卡号).
    #   expiry         YYMM, month 01–12, quoted ("3012" = December 2030)
    #   service_code   3 digits (optional, default "120" for a magstripe card,
    #                  "220" for a card with a chip). A first digit 2 or 6 marks a
    #                  chip card: a terminal refuses its swipe (请插IC卡), so it
    #                  must have a chip: section, and a chip card's code must start
    #                  with 2 or 6. The third digit tells the terminal whether the
    #                  PIN may be skipped: 6 or 7 = "PIN if a PIN pad is present";
    #                  so a card marked pin_optional needs e.g. "106".
    #   name           track 1 name, SURNAME/GIVEN in capitals, 2–26 characters
    #   issuer         发卡行 printed on the slip (≤ 16 columns)
    #   kind           debit or credit (optional, default debit)
    #   pin            the PIN the issuer expects, 4–12 digits, quoted; or
    #   pin_optional   true: the cardholder may just press Enter (give no pin then)
    #   balance_fen    available balance or credit, in fen (100 fen = 1 yuan)
    #   limit_fen      per-transaction limit in fen; larger sales get 61
    #                  (optional, default none)
    #   status         normal, lost (41), stolen (43) or restricted (62)
    #                  (optional, default normal)
    #   reader_profile how this card's swipe reaches the terminal through the audio
    #                  reader (optional, default clean). Keys, all optional:
    #                    eb_n0_db     noise, Eb/N0 in dB (default: no noise)
    #                    gain         level at the phone, e.g. 0.1 = 10× quieter (1)
    #                    inverted     the phone inverts the waveform (false)
    #                    dc_offset    constant added to the samples, -1 ... 1 (0)
    #                    clock_ppm    recorder clock error in ppm (0)
    #                    sample_rate  recorder sample rate in Hz (44100)
    #                    lowpass_hz   recorder low-pass cutoff in Hz (none);
    #                                 below sample_rate / 2
    #   printed_pan    the number embossed on the card's face, 13–19 digits, quoted
    #                  (optional, default: pan). The cashier compares it with the
    #                  number on screen at 请核对卡号: a card whose face differs from
    #                  its stripe is a counterfeit (card 12).
    #   printed_name   the name on the face (optional, default: name)
    #   printed_expiry the expiry on the face, YYMM (optional, default: expiry)
    #   chip           the card's chip (IC) and antenna (optional: none means a
    #                  magstripe-only card). Insert it with <insert N>, tap it with
    #                  <tap N>. Keys, all optional:
    #                    applications  list of debit, credit, quasi_credit, in
    #                                  priority order (default [debit]); two or
    #                                  more give the 应用列表 at the slot
    #                    contactless   true: the card has an antenna (闪付) (false)
    #                    contactless_cvm  what a tap over quickpass_limit_fen asks:
    #                                  online_pin, signature, or none (the card
    #                                  cannot: 请插卡 / 请使用其它界面) (online_pin)
    #                    condition     working, mute (a dead chip: no answer), or
    #                                  faulty (answers 6F00) (working)
    #                    blocked       true: 卡被锁定 (false)
    #                    pin_tries_left  the PIN try counter of a fresh card, 0–3;
    #                                  0 = exhausted: the issuer declines (75) (3)
    #                    declines_after_approval  true: the card answers AAC after
    #                                  the host approved: 卡片拒绝, reversed (false)
    #                  A chip card needs pin: (the chip checks it: offline PIN).

    cards:
      # 1 — the everyday card: approved (00).
      - label: "借记卡 余额充足"
        pan: "6222020000002227"
        expiry: "3012"
        service_code: "101"
        name: "ZHANG/SAN"
        issuer: "工商银行"
        kind: debit
        pin: "123456"
        balance_fen: 10000000 # 100,000.00 yuan

      # 2 — credit card, no PIN needed (press Enter): approved (00).
      - label: "信用卡 免密"
        pan: "6225880167203943"
        expiry: "2908"
        service_code: "106"
        name: "LI/SI"
        issuer: "招商银行"
        kind: credit
        pin_optional: true
        balance_fen: 5000000 # 50,000.00 yuan of credit
        limit_fen: 2000000 # at most 20,000.00 yuan per sale

      # 3 — only 10.00 yuan on it: larger sales are declined with 51 (余额不足).
      - label: "借记卡 余额10元"
        pan: "6217005208190434"
        expiry: "3106"
        service_code: "101"
        name: "WANG/WU"
        issuer: "建设银行"
        kind: debit
        pin: "111111"
        balance_fen: 1000 # 10.00 yuan

      # 4 — expired January 2023: declined with 54 (该卡已过期).
      - label: "过期卡"
        pan: "6228480038207517"
        expiry: "2301"
        service_code: "101"
        name: "ZHAO/LIU"
        issuer: "农业银行"
        kind: debit
        pin: "222222"
        balance_fen: 10000000

      # 5 — reported lost: declined with 41 (挂失卡).
      - label: "挂失卡"
        pan: "6216610000888886"
        expiry: "3003"
        service_code: "101"
        name: "CHEN/QI"
        issuer: "中国银行"
        kind: debit
        pin: "333333"
        balance_fen: 10000000
        status: lost

      # 6 — reported stolen: declined with 43 (被窃卡,请操作员没收).
      - label: "被窃卡"
        pan: "6214830000001114"
        expiry: "3005"
        service_code: "101"
        name: "SUN/BA"
        issuer: "招商银行"
        kind: debit
        pin: "444444"
        balance_fen: 10000000
        status: stolen

      # 7 — restricted by the issuer: declined with 62 (受限制的卡).
      - label: "受限制的卡"
        pan: "6212261000000009"
        expiry: "3009"
        service_code: "101"
        name: "ZHOU/JIU"
        issuer: "工商银行"
        kind: debit
        pin: "555555"
        balance_fen: 10000000
        status: restricted

      # 8 — a poor phone: quiet, noisy and low-passed, so the 9600 Hz copy is lost
      # and the reader must decode the 4800 Hz copy (or combine both): approved.
      - label: "借记卡 信号差"
        pan: "6230615710000123453"
        expiry: "3111"
        service_code: "101"
        name: "WU/SHI"
        issuer: "中国银行"
        kind: debit
        pin: "888888"
        balance_fen: 50000000 # 500,000.00 yuan
        reader_profile:
          lowpass_hz: 6000
          eb_n0_db: 14
          gain: 0.2
          sample_rate: 44100

      # 9 — UnionPay chip debit card with a stripe and an antenna (闪付): insert it
      # (<insert 9>, PIN, <remove> at 请拔卡), tap it (<tap 9>: no PIN up to
      # quickpass_limit_fen, the PIN above), or swipe it (refused: 请插IC卡).
      - label: "芯片借记卡 闪付"
        pan: "6217000010000000003"
        expiry: "3112"
        service_code: "220"
        name: "QIAN/YI"
        issuer: "建设银行"
        kind: debit
        pin: "123456"
        balance_fen: 10000000 # 100,000.00 yuan
        chip:
          applications: [debit]
          contactless: true
          contactless_cvm: online_pin

      # 10 — chip credit card with two applications: the slot shows 应用列表,
      # choose with 1 or 2.
      - label: "芯片信用卡 双应用"
        pan: "6259000020000000004"
        expiry: "3010"
        service_code: "220"
        name: "FENG/ER"
        issuer: "中国银行"
        kind: credit
        pin: "246810"
        balance_fen: 3000000 # 30,000.00 yuan of credit
        chip:
          applications: [credit, quasi_credit]

      # 11 — a chip card whose chip is dead: inserting it gives IC卡读卡失败; with
      # chip_fallback: after_failure in terminal.yaml, it may then be swiped
      # (fallback: field 22 = 02x, 60.5 = 2).
      - label: "芯片坏卡 降级练习"
        pan: "6228480030000000007"
        expiry: "3106"
        service_code: "220"
        name: "LIN/SAN"
        issuer: "农业银行"
        kind: debit
        pin: "135790"
        balance_fen: 5000000 # 50,000.00 yuan
        chip:
          condition: mute

      # 12 — a counterfeit: the stripe was copied onto a blank with another number
      # embossed on it (the middle digits differ). The host approves the stripe's
      # number; the cashier must spot the difference at 请核对卡号 and press Cancel.
      - label: "借记卡 卡面卡号不符"
        pan: "6222600810010013"
        printed_pan: "6222600354010013"
        expiry: "3008"
        service_code: "101"
        name: "HE/QIANG"
        issuer: "交通银行"
        kind: debit
        pin: "654321"
        balance_fen: 10000000
    # The customers' phones (扫一扫, lakala's 2): each shows a wallet's payment code
    # (付款码). Scan one by its code: `<scan 134502000000000001>` in a script, or
    # select the phone on the face's tray and press `c`. Any other code, say
    # `<scan 123456>`, is 无效付款码 and nothing is sent.
    #
    # Fields of a wallet (optional ones say their default):
    #   label           what the trainer sees on the tray (≤ 32 columns)
    #                   (optional, default: the wallet and its behaviour)
    #   code            the payment code the phone shows, quoted. WeChat Pay: 18
    #                   digits starting 10–15; Alipay: 16–24 digits starting 25–30;
    #                   UnionPay QR: 19 digits starting 62.
    #   balance_fen     money in the wallet, in fen; a larger payment gets 51
    #   behaviour       pays              paid at once
    #                   confirms_on_phone 用户支付中: the customer confirms on the
    #                                     phone confirm_after_s seconds after the
    #                                     order (the terminal asks every 5 s)
    #                   never_confirms    用户支付中 until the terminal cancels the
    #                                     order after 30 s: nothing is charged
    #                   used_or_expired   the code was used or has expired (Q1)
    #   confirm_after_s with confirms_on_phone only: seconds until the customer
    #                   confirms (optional, default 10)

    wallets:
      # phone 1 — WeChat Pay: paid at once.
      - label: "微信 付款成功"
        code: "134502000000000001"
        balance_fen: 1000000 # 10,000.00 yuan
        behaviour: pays

      # phone 2 — Alipay: 用户支付中, the customer confirms on the phone after 10 s.
      - label: "支付宝 手机确认(10秒)"
        code: "285002000000000002"
        balance_fen: 1000000
        behaviour: confirms_on_phone
        confirm_after_s: 10

      # phone 3 — WeChat Pay: 用户支付中 and never confirmed: cancelled after 30 s.
      - label: "微信 不确认(30秒撤单)"
        code: "134502000000000003"
        balance_fen: 1000000
        behaviour: never_confirms

      # phone 4 — Alipay with 10.00 yuan in it: larger payments get 51 (余额不足).
      - label: "支付宝 余额10元"
        code: "285002000000000004"
        balance_fen: 1000
        behaviour: pays

      # phone 5 — WeChat Pay: a code already used or expired (Q1).
      - label: "微信 付款码已过期"
        code: "134502000000000005"
        balance_fen: 1000000
        behaviour: used_or_expired

      # phone 6 — UnionPay QR (云闪付): paid at once.
      - label: "云闪付 银联二维码"
        code: "6250020000000000006"
        balance_fen: 1000000
        behaviour: pays

    """#

  static let reader = #"""
    # reader.yaml — the audio-jack card reader's modem (the reader sends each
    # swipe twice: on the high carrier, then again on the low one).
    # Every key is optional; the values below are the defaults.

    # Carrier of the first copy, in Hz. Must be below transmit_sample_rate / 2.
    high_carrier_hz: 9600

    # Carrier of the second copy, in Hz. Must be below high_carrier_hz.
    low_carrier_hz: 4800

    # Bit rate of the high copy, bit/s (at most high_carrier_hz / 2). Bits are
    # Manchester-coded on-off keying: 1200 bit/s leaves 8 carrier cycles per bit,
    # so the 9600 Hz copy still decodes from a 22050 Hz recording.
    high_bit_rate: 1200

    # Bit rate of the low copy, bit/s (at most low_carrier_hz / 2). Half the high
    # rate: twice the energy per bit, so the low copy survives 3 dB more noise.
    low_bit_rate: 600

    # Peak amplitude of the transmitted tone, 0.01 ... 1 (full scale).
    amplitude: 0.8

    # Silence between the two copies, in seconds (0 ... 2).
    gap_seconds: 0.02

    # Preamble bits before each copy, for bit timing (8 ... 1024).
    preamble_bits: 32

    # Length, in bits, of the two-tone mark that ends each copy and tells the
    # decoder whether the phone inverted the waveform (2 ... 64).
    polarity_mark_bits: 8

    # Sample rate the reader's audio is generated at, in Hz (8000 ... 384000).
    transmit_sample_rate: 44100

    """#

  static let host = #"""
    # host.yaml — how the simulated acquirer/issuer host behaves, to rehearse
    # the unhappy paths. Every key is optional; the values below are the defaults.

    # fault: what goes wrong at the host (sign-in and settlement always work).
    #
    #   none            the host answers normally (approves or declines per card)
    #   issuer_timeout  the host answers 98 (发卡方超时): the issuer did not reply
    #   failure         the host answers 96 (中心异常,请稍后重试): system malfunction
    #   no_reply        the reply is lost: the terminal times out (68) and, before
    #                   the next online transaction, sends a reversal (冲正)
    fault: none

    # reply_delay_s: seconds the host takes to answer each request, 0 or more and
    # less than 3600 (decimals allowed, e.g. 2.5). When it is longer than
    # terminal.yaml's host_timeout_s, the terminal gives up first (交易超时, 68),
    # as with fault no_reply.
    reply_delay_s: 0

    # ── The ISO 8583 link (README, "The host over TCP") ──────────────────────
    #
    # link: where the host is.
    #   in_process       the simulated acquirer inside the terminal (default;
    #                    `swift run pos-terminal` needs no server)
    #   tcp://HOST:PORT  the acquirer as its own process
    #                    (pos-terminal host --listen HOST:PORT); --host overrides
    link: in_process

    # keys: the working keys' algorithm on the TCP link, announced at sign-in
    # (field 60.3): 3des (004) or sm4 (005; the ECB MAC over SM4 whatever `mac`).
    keys: 3des

    # connect_timeout_s: how long the terminal tries to connect (more than 0,
    # at most 120). The reply timeout is terminal.yaml's host_timeout_s.
    connect_timeout_s: 5

    # wire_fault: what the host process does wrong on the wire, to financial
    # requests (pos-terminal host only; the in-process host has no wire).
    #   none         reply normally
    #   close        close the connection instead of replying
    #   garbled      reply with a frame that is not an ISO 8583 message
    #   wrong_mac    reply with a wrong MAC: the terminal reverses with A0
    #   other_trace  reply for another trace: the terminal drops it
    #   delay        reply after wire_delay_s seconds
    wire_fault: none

    # wire_fault_traces: only these traces (voucher numbers) meet the wire
    # fault, e.g. [3, 7]; empty: every financial request.
    wire_fault_traces: []

    # wire_delay_s: the delay of wire_fault delay, 0 or more, less than 3600.
    wire_delay_s: 0

    # ── The dialect (README, "The host over TCP"): both ends read these, so the
    # terminal can be pointed at another acquirer's host and `pos-terminal host`
    # can serve another terminal. The defaults are the UnionPay POS terminal spec.
    #
    # mac: field 64.
    #   ecb    the UnionPay POS "ECB" MAC: 8 ASCII hex characters (the spec)
    #   x919   ANSI X9.19 (retail MAC), 8 bytes
    # The MAC key's length follows the sign-in's key block: 8 bytes DES, 16 3DES.
    mac: ecb

    # field22: the entry mode's 3 digits in 2 BCD bytes.
    #   left   021 → 02 10 (the spec)
    #   right  021 → 00 21
    field22: left

    # tpdu: the terminal's TPDU, 10 hex digits: 60, destination, source.
    tpdu: "6000030000"

    # header: the terminal's 6-byte header, 12 hex digits (application class 60,
    # which chip and contactless requests send as 61; software version; status
    # and processing request; sub-version).
    header: "603100310100"

    # idle_timeout_s: the host process closes a connection on which no whole
    # frame comes in or goes out for this long (more than 0, at most 3600), with
    # a line in its log. A terminal reconnects for its next request.
    idle_timeout_s: 60

    # max_connections: connections the host process keeps open at once (1 to
    # 100000); one more is closed at once, with a line in its log.
    max_connections: 256

    """#

  static let printer = #"""
    # printer.yaml — the simulated slip printer. This file may be left out; every
    # key is optional.

    # paper_out_after: the printer runs out of paper after this many slips (a
    # whole number, 1 ... 999999), to rehearse 缺纸: reload the paper and reprint.
    # A sale prints two slips (merchant and cardholder copies).
    # Default: never runs out. For example, to run out during the second sale:
    # paper_out_after: 3
    # When it runs out the terminal shows 打印失败 请检查打印纸: reload the paper (the
    # face's p key, or <paper> in a script), then Enter prints the same copy again;
    # Cancel skips it and the journal keeps it owed (menu 7-1 prints it later).

    """#
}
