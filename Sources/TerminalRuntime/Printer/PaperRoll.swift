/// The simulated printer's paper: `paper_out_after` slips per roll
/// (Config/printer.yaml), or endless when not set. Reloading fits a new roll.
struct PaperRoll {
  let slipsPerRoll: Int?
  private(set) var slipsLeft: Int?

  init(slipsPerRoll: Int?) {
    self.slipsPerRoll = slipsPerRoll
    self.slipsLeft = slipsPerRoll
  }

  var isOut: Bool { slipsLeft == 0 }

  mutating func use() {
    if let left = slipsLeft { slipsLeft = max(0, left - 1) }
  }

  mutating func reload() { slipsLeft = slipsPerRoll }
}
