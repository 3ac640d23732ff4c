/// Every kind of transaction the terminal knows. What each one is called, needs and
/// does is its `descriptor` (TransactionDescriptor.swift, one row a kind); nothing
/// else in the terminal switches on the kind or compares it with one.
public enum TransactionKind: String, Sendable, Equatable, Hashable, Codable, CaseIterable {
  case sale  // 消费
  case void  // 撤销
  case refund  // 退货
  case balance  // 余额查询
  case preAuth = "pre_auth"  // 预授权
  case preAuthVoid = "pre_auth_void"  // 预授权撤销
  case preAuthCompletion = "pre_auth_completion"  // 预授权完成
  case preAuthCompletionVoid = "pre_auth_completion_void"  // 预授权完成撤销
  case preAuthCompletionAdvice = "pre_auth_completion_advice"  // 预授权完成(通知)
  case qr  // 扫码支付: the customer's payment code scanned
  case qrVoid = "qr_void"  // 扫码撤销: a same-day void of a QR payment refunds the wallet

  public var descriptor: TransactionDescriptor { TransactionDescriptor.table[self]! }
}
