import TerminalCore

/// Transitional names: the script front reads the one token vocabulary of the
/// core. New code should say `InputToken` and `InputTokenizer`.
public typealias ScriptToken = InputToken
public typealias ScriptTokenizer = InputTokenizer
