import Foundation
import TerminalCore

/// The last swipe in the face's language. The reader reports in English (its
/// copy, polarity and failure sentences are the module's own); the zh face
/// says the same in zh: the known failure causes are mapped to zh words, and
/// the English sentence itself shows only in the en face.
enum SwipeText {
  static func line(_ s: SwipeLine, _ language: Language) -> String {
    switch language {
    case .en: return english(s)
    case .zh: return chinese(s)
    }
  }

  static func english(_ s: SwipeLine) -> String {
    var parts = ["Last swipe " + s.source + ": " + (s.ok ? "ok" : "failed")]
    if s.ok {
      if let c = s.copyUsed { parts.append("copy " + c) }
      if let p = s.polarity { parts.append("polarity " + p) }
    } else if let r = s.reason {
      parts.append(r)
    }
    if let snr = s.snrDB { parts.append("SNR " + snrText(snr)) }
    return parts.joined(separator: ", ")
  }

  static func chinese(_ s: SwipeLine) -> String {
    var parts = ["上次刷卡 " + chineseSource(s.source) + ": " + (s.ok ? "成功" : "失败")]
    if s.ok {
      if let c = s.copyUsed { parts.append(copyWords[c] ?? "副本 " + c) }
      if let p = s.polarity { parts.append(polarityWords[p] ?? "极性 " + p) }
    } else if let r = s.reason {
      parts.append(chineseReason(r))
    }
    if let snr = s.snrDB { parts.append("信噪比 " + snrText(snr)) }
    return parts.joined(separator: ", ")
  }

  static func snrText(_ db: Double) -> String { String(format: "%.1f", db) + " dB" }

  /// "card 3" → "3号卡"; a WAV file's name stays as it is.
  static func chineseSource(_ source: String) -> String {
    if source.hasPrefix("card "), let n = Int(source.dropFirst(5)) { return "\(n)号卡" }
    return source
  }

  static let copyWords = ["high": "高频副本", "low": "低频副本", "combined": "双副本合并"]
  static let polarityWords = ["normal": "极性正常", "inverted": "极性反相"]

  /// The reader's failure causes as the face names them in zh, found by the
  /// phrases of the reader's sentences (CardReader: Frame, StripeCodec,
  /// ReaderModem, WAVFile). Order does not matter: causes are listed in the
  /// order they appear in the sentence, each once.
  static let reasonWords: [(phrase: String, zh: String)] = [
    ("no preamble found", "未检测到刷卡信号"),
    ("CRC", "CRC校验错误"),
    ("frame length", "帧长度错误"),
    ("frame header truncated", "帧不完整"),
    ("frame truncated", "帧不完整"),
    ("signal ends inside the frame", "帧不完整"),
    ("LRC mismatch", "LRC校验错误"),
    ("parity error", "奇偶校验错误"),
    ("sentinel", "磁道数据错误"),
    ("field separator", "磁道数据错误"),
    ("format code", "磁道数据错误"),
    ("invalid character", "磁道数据错误"),
    ("is not allowed on track", "磁道数据错误"),
    ("is not YYMM", "磁道数据错误"),
    ("is not 01–12", "磁道数据错误"),
    ("service code", "磁道数据错误"),
    ("PAN ", "磁道数据错误"),
    ("name length", "磁道数据错误"),
    ("characters exceed", "磁道数据错误"),
    ("discretionary", "磁道数据错误"),
    ("sample rate", "采样率不适用"),
    ("the recording is empty", "录音为空"),
    ("no samples", "录音为空"),
    ("RIFF", "WAV文件无法读取"),
    ("chunk", "WAV文件无法读取"),
    ("cannot read the file", "WAV文件无法读取"),
    ("unsupported", "WAV文件无法读取"),
    ("bit rates", "读卡器参数错误"),
  ]

  /// A zh summary of the reader's English sentence: its known causes, else 解码失败.
  static func chineseReason(_ reason: String) -> String {
    var found: [(at: String.Index, zh: String)] = []
    for (phrase, zh) in reasonWords {
      if let r = reason.range(of: phrase) { found.append((r.lowerBound, zh)) }
    }
    var words: [String] = []
    for f in found.sorted(by: { $0.at < $1.at }) where !words.contains(f.zh) {
      words.append(f.zh)
    }
    return words.isEmpty ? "解码失败" : words.joined(separator: "、")
  }
}
