// GENERATED from Config/lessons/*.yaml — do not edit by hand.
// A test (embeddedLessonsEqualTheFilesByteForByte) fails when this drifts from the files;
// regenerate: REGENERATE_EMBEDDED_CONFIG=1 swift test --filter regenerateEmbeddedConfig

enum EmbeddedLessons {
  /// The lessons of Config/lessons/, by file name: the lessons of a run with no config folder.
  static let files: [String: String] = [
    "amount.yaml": lessonAmount
  ]

  static let lessonAmount = #"""
    # amount.yaml — a cashier-training lesson: 金额以分输入 (the amount in fen).
    #
    # A lesson is a queue of customers who come to the counter one after another.
    # Each says what they owe, hands over a card or a phone, types their PIN when
    # asked and signs the slip; the lesson then checks that the cashier served them
    # right, and shows the advice when a check fails. Copy this file to start a
    # lesson of your own: its name is the file's name without .yaml (lowercase
    # letters, digits and -), and `pos-terminal lesson check FILE` names the file,
    # line and field of anything wrong in it.
    #
    # A text (title, says, advice) is one line of at most 160 columns (a Chinese
    # character counts as two): either zh: and en: lines, one for each screen
    # language, or a single text for both.

    # title: what `pos-terminal lesson list` shows for this lesson (required).
    title:
      zh: 金额以分输入
      en: The amount in fen

    # setup (optional): business done on the terminal before the lesson starts —
    # yesterday's sales to settle, a sale keyed wrong to void. Nothing of it is
    # shown or scored. This lesson needs none; a setup looks like this:
    #
    # setup:
    #   days_before: 1     # run it this many days before the lesson (0–30, default 0)
    #   time: "18:00"      # at this time of day, HH:mm (required)
    #   keys: |            # what it types: a --script file's tokens (required)
    #     <enter> 01 <enter> 0000 <enter>                  # sign in: cashier 01
    #     1 5000 <enter> <swipe 1> <enter> <pin> <enter> <enter>  # a 50.00 sale

    # customers: who comes to the counter, in order (required, 1 to 50).
    # Each customer:
    #   says:      what the customer tells the cashier (required text)
    #   presents:  what they hand over, in order: `- card: N` (deck card N, as in
    #              <swipe N>) or `- phone: N` (deck wallet N); the next one after
    #              a decline. [] for a customer who hands over nothing.
    #   pin:       what they type at each PIN screen, in order: right or wrong,
    #              e.g. [wrong, right] (optional, default []: always the right PIN)
    #   signs:     whether they sign the merchant copy (optional, default true)
    #   advice:    the right way to serve them, shown when a check fails (optional text)
    #   checks:    what must be true when they leave (required, at least one; each
    #              kind at most once), one per - line:
    #                charged: FEN          what they paid in the end, in fen
    #                nothing_sent: true    nothing of theirs reached the host
    #                retained: true        the cashier kept the card (false: did not)
    #                voided: N             voucher N was voided
    #                refunded: FEN         the refunds add up to FEN fen
    #                settled: balanced     the batch was settled and balanced (对账平)
    #                detail_lists: printed the settlement came with its detail lists
    #                signature: checked    the cashier checked the signature
    #                swiped: false         the card was never swiped
    #                read_by: chip         the charge read the card so: chip,
    #                                      contactless, stripe or qr
    #                max_charges: N        at most N charges went to the host
    customers:
      # 1 — 50 yuan is keyed 5000: the terminal shows 50.00.
      - says:
          zh: 一共50元
          en: That's 50 yuan, please
        presents:
          - card: 1 # 借记卡 余额充足, PIN 123456
        checks:
          - charged: 5000
        advice:
          zh: 金额以分为单位输入:50元输入5000
          en: "Key the amount in fen: 50 yuan is 5000"

      # 2 — 8.50 yuan is 850: the fen are keyed too, no decimal point.
      - says:
          zh: 一共8块5
          en: That's 8.50 yuan, please
        presents:
          - card: 2 # 信用卡 免密: the customer just presses Enter at the PIN
        checks:
          - charged: 850
        advice:
          zh: 金额以分为单位输入:8.50元输入850
          en: "Key the amount in fen: 8.50 yuan is 850"

      # 3 — a large amount: 1,234 yuan is 123400. Read the screen before Enter.
      - says:
          zh: 一共1234元
          en: That's 1,234 yuan, please
        presents:
          - card: 1
        checks:
          - charged: 123400
        advice:
          zh: 金额以分为单位输入:1234元输入123400
          en: "Key the amount in fen: 1,234 yuan is 123400"

    """#
}
