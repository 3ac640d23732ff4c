import Foundation

/// A file system error in a few words ("No such file or directory", "Permission
/// denied"), for messages that name the file and say what went wrong. Shared by
/// the reader's WAV files and the configuration loader.
public enum FileErrorText {
  public static func reason(_ error: Error) -> String {
    let ns = error as NSError
    for candidate in [ns.userInfo[NSUnderlyingErrorKey] as? NSError, ns].compactMap({ $0 })
    where candidate.domain == NSPOSIXErrorDomain {
      if let text = strerror(Int32(candidate.code)) { return String(cString: text) }
    }
    if ns.domain == NSCocoaErrorDomain {
      switch CocoaError.Code(rawValue: ns.code) {
      case .fileReadNoPermission: return "Permission denied"
      case .fileReadNoSuchFile, .fileNoSuchFile: return "No such file or directory"
      default: break
      }
    }
    return ns.localizedDescription
  }
}
