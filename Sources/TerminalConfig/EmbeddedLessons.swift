// GENERATED from Config/lessons/*.yaml — do not edit by hand.
// A test (embeddedLessonsEqualTheFilesByteForByte) fails when this drifts from the files;
// regenerate: REGENERATE_EMBEDDED_CONFIG=1 swift test --filter regenerateEmbeddedConfig

enum EmbeddedLessons {
  /// The lessons of Config/lessons/, by file name: the lessons of a run with no config folder.
  static let files: [String: String] = [
    "amount.yaml": lessonAmount,
    "chip-and-tap.yaml": lessonChipAndTap,
    "counterfeit.yaml": lessonCounterfeit,
    "day-end.yaml": lessonDayEnd,
    "declined.yaml": lessonDeclined,
    "qr.yaml": lessonQr,
    "signature.yaml": lessonSignature,
    "void-or-refund.yaml": lessonVoidOrRefund,
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

  static let lessonChipAndTap = #"""
    # chip-and-tap.yaml — a cashier-training lesson: 芯片卡与闪付 (chip and tap).
    # The format is explained in amount.yaml and in the README (Lessons).
    #
    # A chip card is inserted, never swiped. A tap (闪付) up to the terminal's
    # quickpass_limit_fen (1,000.00 in Config/terminal.yaml) needs no PIN and no
    # signature (免密免签); above it the cardholder keys the PIN and signs.

    title:
      zh: 芯片卡插卡,闪付挥卡
      en: Insert chip cards; tap contactless

    customers:
      - says:
          zh: 一共50元
          en: That's 50 yuan
        presents:
          - card: 9 # chip debit card with an antenna
        checks:
          - swiped: false
          - read_by: chip
          - charged: 5000
        advice:
          zh: 芯片卡要插卡(i/<insert>),不要刷卡
          en: "A chip card is inserted (i / <insert>), never swiped"

      - says:
          zh: 30元,我用闪付
          en: 30 yuan; I'll tap
        presents:
          - card: 9
        checks:
          - read_by: contactless
          - charged: 3000
        advice:
          zh: 1000元以下闪付免密免签:请顾客挥卡(t/<tap>)
          en: "Up to 1,000 yuan a tap needs no PIN or signature: let the customer tap (t / <tap>)"

      - says:
          zh: 1500元,我用闪付
          en: 1,500 yuan; I'll tap
        presents:
          - card: 9
        checks:
          - read_by: contactless
          - charged: 150000
          - signature: checked
        advice:
          zh: 超过1000元的闪付要输密码并签名:挥卡后核对签名(g/<signed>)
          en: "Above 1,000 yuan a tap takes the PIN and a signature: check it (g / <signed>)"

    """#

  static let lessonCounterfeit = #"""
    # counterfeit.yaml — a cashier-training lesson: 核对卡号 (check the card number).
    # The format is explained in amount.yaml and in the README (Lessons).
    #
    # The card's embossed number differs from the one on its stripe: a counterfeit.
    # The terminal shows the stripe's number at 请核对卡号; the cashier compares it
    # with the card in hand and presses Cancel, so nothing is sent.

    title:
      zh: 核对卡号,识别伪卡
      en: Check the card number; spot a counterfeit

    customers:
      - says:
          zh: 一共50元,刷卡
          en: That's 50 yuan, by card
        presents:
          - card: 12 # printed number ≠ stripe
        checks:
          - nothing_sent: true
        advice:
          zh: 屏幕卡号与卡面不符是伪卡:按取消,不发交易,留下卡片并联系收单行
          en: "The number on screen differs from the card's: a counterfeit. Press Cancel, send nothing, keep the card and call the acquirer"

    """#

  static let lessonDayEnd = #"""
    # day-end.yaml — a cashier-training lesson: 日终结算 (the day's end).
    # The format is explained in amount.yaml and in the README (Lessons).
    #
    # Yesterday's batch was left open: three sales and a decline. This morning the
    # terminal asks for the settlement at sign-in. Print both detail lists and
    # compare the totals with the shop's record before confirming.

    title:
      zh: 日终结算与对账
      en: Settle and reconcile the day

    setup:
      days_before: 1
      time: "18:00"
      keys: |
        <enter> 01<enter> 0000<enter>
        1 12850<enter> <swipe 1> <enter> <pin><enter> <enter>
        1 30000<enter> <swipe 2> <enter> <enter> <enter>
        1 5000<enter> <swipe 3> <enter> <pin><enter> <enter>
        1 6600<enter> <swipe 8> <enter> <pin><enter> <enter>

    customers:
      - says:
          zh: 店长:昨天的账还没结。记录本上昨天刷卡3笔,共494.50元。请结算并打印明细
          en: "Manager: yesterday isn't settled. Our book says 3 card sales, 494.50 yuan in all. Settle and print the detail lists"
        presents: []
        checks:
          - settled: balanced
          - detail_lists: printed
        advice:
          zh: 结算时核对笔数和金额与记录一致,成功和失败明细都要打印(按确认)
          en: "Check the count and amount against the book, and print both detail lists (Enter)"

    """#

  static let lessonDeclined = #"""
    # declined.yaml — a cashier-training lesson: 交易被拒 (declines).
    # The format is explained in amount.yaml and in the README (Lessons).

    title:
      zh: 交易被拒时怎么办
      en: When a card is declined

    customers:
      # 43 被窃卡: the terminal says 请没收; the customer gets no goods.
      - says:
          zh: 一共50元
          en: That's 50 yuan
        presents:
          - card: 6 # reported stolen: 43
        checks:
          - retained: true
          - charged: 0
        advice:
          zh: 43被窃卡:没收卡片(按k/<retain>),不交付商品
          en: "43, stolen card: retain the card (k / <retain>) and hand over no goods"

      # 51 余额不足: ask for another card; the customer hands over card 1.
      - says:
          zh: 一共50元
          en: That's 50 yuan
        presents:
          - card: 3 # 10.00 yuan on it: 51
          - card: 1
        checks:
          - charged: 5000
        advice:
          zh: 51余额不足:请顾客换一张卡,再做一笔消费
          en: "51, not enough money: ask for another card and charge it"

      # 55 密码错: the customer keys a wrong PIN twice, then the right one.
      - says:
          zh: 一共80元
          en: That's 80 yuan
        presents:
          - card: 8
        pin: [wrong, wrong, right]
        checks:
          - charged: 8000
        advice:
          zh: 55密码错:请顾客重新输入密码,再做一笔消费
          en: "55, wrong PIN: let the customer try the PIN again in a new sale"

    """#

  static let lessonQr = #"""
    # qr.yaml — a cashier-training lesson: 扫码收款 (QR payments, 2 = 扫一扫).
    # The format is explained in amount.yaml and in the README (Lessons).
    #
    # A payment stuck in 用户支付中 is still the customer's to confirm on the phone:
    # wait for 支付成功. Cancelling and charging again risks a double charge.

    title:
      zh: 扫码收款,支付中要等待
      en: QR payments; wait while the customer pays

    customers:
      - says:
          zh: 35元,微信付
          en: 35 yuan, by WeChat
        presents:
          - phone: 1 # WeChat: paid at once
        checks:
          - read_by: qr
          - charged: 3500

      - says:
          zh: 88元,支付宝
          en: 88 yuan, by Alipay
        presents:
          - phone: 2 # Alipay: 用户支付中, confirmed on the phone after 10 s
        checks:
          - max_charges: 1
          - charged: 8800
        advice:
          zh: 用户支付中:请等待顾客在手机上确认,不要取消重扫
          en: "Customer is paying: wait for them to confirm on the phone; don't cancel and scan again"

    """#

  static let lessonSignature = #"""
    # signature.yaml — a cashier-training lesson: 签名 (the signature).
    # The format is explained in amount.yaml and in the README (Lessons).
    #
    # The cardholder signs the merchant copy; an unsigned slip can be charged back.
    # A customer who will not sign must not leave with the goods: void the sale
    # (3, supervisor password 123456, the voucher) while they are still there.

    title:
      zh: 商户存根必须签名
      en: The merchant copy must be signed

    customers:
      - says:
          zh: 一共99元
          en: That's 99 yuan
        presents:
          - card: 1
        signs: false
        checks:
          - voided: 1
          - charged: 0
        advice:
          zh: 顾客拒绝签名:在顾客离开前撤销这笔消费(3,凭证号000001)
          en: "The customer won't sign: void the sale (3, voucher 000001) before they leave"

    """#

  static let lessonVoidOrRefund = #"""
    # void-or-refund.yaml — a cashier-training lesson: 撤销还是退货 (void or refund).
    # The format is explained in amount.yaml and in the README (Lessons).
    #
    # Yesterday evening: a 128.00 sale (voucher 000001, reference 000000000001), then
    # the day-end settlement. This morning: a sale keyed 500.00 instead of 50.00
    # (voucher 000002). A sale of today's open batch is voided (撤销: supervisor
    # password 123456, the voucher, the card); a sale already settled is refunded
    # (退货: supervisor password, the card, the reference number, the date MMDD, the
    # amount).

    title:
      zh: 撤销还是退货
      en: Void or refund

    setup:
      days_before: 1
      time: "18:00"
      keys: |
        <enter> 01<enter> 0000<enter>
        1 12800<enter> <swipe 1> <enter> <pin><enter> <enter>
        8 4 <enter> <cancel> <cancel>
        <wait 50400>
        1 50000<enter> <swipe 2> <enter> <enter> <enter>

    customers:
      - says:
          zh: 刚才刷错了!应该是50元,你刷了500元。小票在这儿:凭证号000002
          en: "You charged me 500 yuan just now; it was 50! Here's the slip: voucher 000002"
        presents:
          - card: 2
        checks:
          - voided: 2
          - charged: 5000
        advice:
          zh: 当天当批次的交易用撤销(3),凭证号000002,再按50.00重新消费
          en: "A sale of today's batch is voided (3), voucher 000002; then charge 50.00"

      - says:
          zh: 昨天买的东西要退,128元。小票上参考号000000000001
          en: "I'm returning what I bought yesterday, 128 yuan. The slip says reference 000000000001"
        presents:
          - card: 1
        checks:
          - refunded: 12800
        advice:
          zh: 已结算的交易用退货(4):原参考号000000000001,原交易日期为昨天(MMDD),金额128.00
          en: "A settled sale is refunded (4): reference 000000000001, yesterday's date (MMDD), 128.00"

    """#
}
