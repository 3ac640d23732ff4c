/// Power-on: the journal's state comes in, the self-check runs, and the
/// terminal waits for a key to start the sign-in.
public enum PowerFlow {
  public enum State: Sendable, Equatable {
    case off
    case selfChecking
    case selfCheckFailed(SelfCheckReport)
    /// Storage failed: the terminal stops selling.
    case fatal(String)
    case awaitingSignInKey(SelfCheckReport)
  }

  static func powerOn(_ snapshot: JournalSnapshot, _ state: inout TerminalState) -> [Effect] {
    guard case .power(.off) = state.flow else { return [] }
    state.batch = snapshot.batch
    state.lastTrace = snapshot.lastTrace
    state.openBatch = snapshot.openBatch
    state.pendingReversal = snapshot.pendingReversal
    state.operatorLocks = snapshot.operatorLocks
    state.owedSlips = snapshot.owedSlips
    state.lastSettlement = snapshot.lastSettlement
    state.operators = OperatorRoster.apply(
      snapshot.operatorChanges,
      to: OperatorRoster.upgraded(state.operators, by: snapshot.upgradedOperators))
    state.flow = .power(.selfChecking)
    return [.runSelfCheck]
  }

  static func selfCheckFinished(_ report: SelfCheckReport, _ state: inout TerminalState)
    -> [Effect]
  {
    guard case .power(.selfChecking) = state.flow else { return [] }
    guard report.allOK else {
      state.flow = .power(.selfCheckFailed(report))
      return []
    }
    state.flow = .power(.awaitingSignInKey(report))
    // A settlement slip that never printed prints as soon as the printer is back;
    // owed sale copies wait for the print menu.
    var effects: [Effect] = []
    for job in state.owedSlips {
      if case .settlement = job { effects += Printing.enqueue(job, &state) }
    }
    return effects
  }

  static func key(_ key: Key, _ s: State, _ state: inout TerminalState) -> [Effect] {
    switch s {
    case .awaitingSignInKey:
      state.flow = .signIn(.operatorNumber(entered: "", notice: nil))
      return []
    case .off, .selfChecking, .selfCheckFailed, .fatal:
      // Nothing to do until power-on finishes; a stopped terminal stays stopped.
      return []
    }
  }

  static func screen(_ s: State, _ state: TerminalState) -> Screen {
    let l = state.language
    func t(_ m: Msg) -> String { m.text(l) }
    switch s {
    case .off:
      return Screen(title: "")
    case .selfChecking:
      return Screen(title: t(.selfCheckTitle), lines: [.init(t(.selfChecking), align: .center)])
    case .selfCheckFailed(let report):
      var lines = [Screen.Line(t(.selfCheckFailed), align: .center)]
      for item in report.items where !item.ok {
        lines.append(.init(t(.module(item.module)) + " " + t(.fault)))
        if let advice = item.advice { lines.append(.init(advice)) }
      }
      return Screen(title: t(.selfCheckTitle), lines: lines, footer: t(.selfCheckStopped))
    case .fatal(let reason):
      // The technical reason goes to stderr and terminal.log (the driver's job).
      let full = StorageFull.names(reason)
      return Screen(
        title: t(.selfCheckTitle),
        lines: [
          .init(t(full ? .storageFull : .storageFault)),
          .init(t(full ? .adviceFreeSpace : .adviceStorage)),
        ])
    case .awaitingSignInKey(let report):
      // One module per row, its status at the right edge; two to a row (short
      // names) when there are more modules than the LCD has rows.
      let bodyRows = LCD.rows - 2
      let rows: [Screen.Line]
      if report.items.count <= bodyRows {
        rows = report.items.map { item -> Screen.Line in
          let status = t(item.ok ? .ok : .fault)
          return .init(
            DisplayWidth.pad(t(.module(item.module)), to: LCD.columns - DisplayWidth.of(status))
              + status)
        }
      } else {
        let half = LCD.columns / 2
        let nameWidth = half - 1 - max(DisplayWidth.of(t(.ok)), DisplayWidth.of(t(.fault)))
        let cells = report.items.map { item -> String in
          let status = t(item.ok ? .ok : .fault)
          let names = item.module.shortNames
          let name = l == .zh ? names.0 : names.1
          return DisplayWidth.pad(name, to: nameWidth)
            + DisplayWidth.pad(status, to: half - nameWidth - 1) + " "
        }
        rows = stride(from: 0, to: cells.count, by: 2).map { i in
          Screen.Line(cells[i..<min(i + 2, cells.count)].joined())
        }
      }
      return Screen(title: t(.selfCheckPassed), lines: rows, footer: t(.pressAnyKeyToSignIn))
    }
  }
}
