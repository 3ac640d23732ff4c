/// A write that failed because the disk is full. The driver begins the reason of such
/// a failure (`Event.journalFailed`, `.printFailed`) with `prefix`, so the screens name
/// it as storage full with what to do: never as damage, never as paper.
public enum StorageFull {
  public static let prefix = "storage full"

  public static func names(_ reason: String) -> Bool { reason.hasPrefix(prefix) }
}
