/// The printer's queue as the core sees it: the head job is printing; a job
/// that failed stays at the head until the cashier retries (Enter) or skips
/// it (Cancel), which leaves it owed in the journal for the print menu.
public struct PrinterQueue: Sendable, Equatable {
  public var jobs: [PrintJob] = []
  public var fault: PrintFault?
}

public struct PrintFault: Sendable, Equatable {
  public var job: PrintJob
  public var reason: String
}

/// What became of a job, for the flow that asked for it.
public enum PrintOutcome: Sendable, Equatable {
  case printed
  /// The cashier skipped it at a fault: it stays owed.
  case skipped
}

enum Printing {
  /// Queues a job; it is sent to the printer when the ones before it are done.
  static func enqueue(_ job: PrintJob, _ state: inout TerminalState) -> [Effect] {
    state.printer.jobs.append(job)
    return state.printer.jobs.count == 1 ? [.print(job)] : []
  }

  static func printed(_ job: PrintJob, _ state: inout TerminalState) -> [Effect] {
    guard state.printer.jobs.first == job else {
      return [.note("printer reported a job the terminal was not printing")]
    }
    state.printer.fault = nil
    var effects: [Effect] = []
    // Marked printed only now that its file is in place.
    if let id = job.slipID {
      effects.append(.journal(.slipPrinted(id)))
      state.owedSlips.removeAll { $0.slipID == id }
    }
    return effects + finish(job, .printed, &state)
  }

  static func failed(_ job: PrintJob, reason: String, _ state: inout TerminalState) -> [Effect] {
    guard state.printer.jobs.first == job else {
      return [.note("printer reported a job the terminal was not printing")]
    }
    state.printer.fault = PrintFault(job: job, reason: reason)
    return []
  }

  /// The keypad while the print fault shows: Enter retries the same copy, Cancel skips it.
  static func key(_ key: Key, _ state: inout TerminalState) -> [Effect] {
    guard let fault = state.printer.fault else { return [] }
    switch key {
    case .enter:
      state.printer.fault = nil
      return [.print(fault.job)]
    case .cancel:
      state.printer.fault = nil
      if let id = fault.job.slipID, !state.owedSlips.contains(where: { $0.slipID == id }) {
        state.owedSlips.append(fault.job)
      }
      return finish(fault.job, .skipped, &state)
    case .digit, .backspace:
      return []
    }
  }

  /// Takes the head job off the queue, tells its flow, starts the next.
  private static func finish(_ job: PrintJob, _ outcome: PrintOutcome, _ state: inout TerminalState)
    -> [Effect]
  {
    state.printer.jobs.removeFirst()
    var effects: [Effect]
    switch state.flow {
    case .transaction(let s): effects = TransactionFlow.printFinished(job, outcome, s, &state)
    case .menu(let s): effects = MenuFlow.printFinished(job, outcome, s, &state)
    case .power, .signIn, .settlement, .reversal, .advice, .management:
      // Their slips (settlement, owed ones at power-on) need no answer on screen.
      effects = []
    }
    if let next = state.printer.jobs.first { effects.append(.print(next)) }
    return effects
  }

  static func faultScreen(_ fault: PrintFault, _ state: TerminalState) -> Screen {
    let l = state.language
    return Screen(
      title: Msg.printerTitle.text(l),
      lines: [
        .init(Msg.printFailed.text(l)),
        .init((StorageFull.names(fault.reason) ? Msg.slipStorageFull : Msg.checkPaper).text(l)),
      ],
      footer: Msg.enterRetryCancelSkip.text(l))
  }
}
