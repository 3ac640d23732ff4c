/// `n` in decimal with zeros in front to `width` digits (7, 6 → `000007`): the one
/// zero-pad, for voucher and batch numbers, dates and times, wire fields. A number
/// wider than `width` comes whole; a negative one keeps its sign in front, as
/// printf's `%0*d` does.
@inlinable public func zeroPadded<T: BinaryInteger>(_ n: T, width: Int) -> String {
  let digits = String(n.magnitude)
  let sign = n < 0 ? "-" : ""
  let zeros = width - sign.count - digits.count
  return zeros > 0 ? sign + String(repeating: "0", count: zeros) + digits : sign + digits
}
