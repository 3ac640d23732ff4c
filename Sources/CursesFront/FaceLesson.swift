import Foundation
import Lessons
import TerminalConfig
import TerminalCore

/// What the face needs from a lesson's coach (`LessonCoach` conforms below; tests
/// may substitute a small fake): the customers at the counter, what they present,
/// the PIN they key in, and the score.
public protocol FaceLesson: AnyObject {
  /// The lesson file's name (`--lesson NAME`), as the score line writes it.
  var lessonName: String { get }
  var lessonTitle: LessonText { get }
  /// The customer panel: who is at the counter, what they said and hold out.
  var panel: [String] { get }
  /// The last customer's one-line verdict.
  var lastFeedback: String? { get }
  var isOver: Bool { get }
  var passed: Int { get }
  var total: Int { get }
  /// The first customer steps up (once the terminal is powered on).
  func begin() -> [String]
  /// The token for what the customer presents (`<swipe>`, `<insert>`, `<tap>`,
  /// `<scan>` without a number), or why there is none.
  func presentedToken(for action: PresentedAction) -> Result<InputToken, FaceLessonProblem>
  /// A card went through the reader (before the session swipes it).
  func cardHandled(_ token: InputToken)
  /// `<retain>`, `<signed>`, `<next>`.
  func cashier(_ action: CashierAction) -> [String]
  /// The customer's keys at the PIN pad, and the line that says so; nil when the
  /// terminal does not wait for them.
  func pinTurn() -> (keys: [Key], line: String)?
  /// After each step: the lines to show (the customer may leave).
  func afterStep() -> [String]
  /// The lesson is over: writes the score sheet, returns the closing lines.
  func finish() -> [String]
}

/// Why a lesson key cannot be carried out (the customer presents no card, …).
public struct FaceLessonProblem: Error, Equatable, Sendable, CustomStringConvertible {
  public var description: String
  public init(_ text: String) { description = text }
}

extension LessonCoach: FaceLesson {
  public var lessonName: String { lesson.name }
  public var lessonTitle: LessonText { lesson.title }

  public func presentedToken(for action: PresentedAction) -> Result<InputToken, FaceLessonProblem> {
    token(for: action).mapError { FaceLessonProblem($0.description) }
  }
}
