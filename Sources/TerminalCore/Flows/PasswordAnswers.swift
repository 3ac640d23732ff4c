/// Where the driver's answer to a password check goes: to the flow that asked
/// (`PasswordCheck.Purpose`), and only while it still waits for it. An answer the
/// terminal has moved on from (an idle timeout left the screen) is dropped.
enum PasswordAnswers {
  static func checked(_ result: PasswordCheck.Result, _ state: inout TerminalState) -> [Effect] {
    switch (result.purpose, state.flow) {
    case (.signIn, .signIn(let s)):
      return SignInFlow.passwordChecked(result, s, &state)
    case (.transactionSupervisor, .transaction(let s)):
      return TransactionFlow.supervisorChecked(result, s, &state)
    case (.operatorAdmin, .management(.operators(let s))):
      return OperatorAdmin.checked(result, s, &state)
    case (.unlock, .management(.locked(let s))):
      return TerminalLock.checked(result, s, &state)
    default:
      return []
    }
  }
}
