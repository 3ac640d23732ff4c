import NIOCore
import NIOExtras
import NIOPosix

/// The pipeline both ends share: 2-byte big-endian length framing
/// (swift-nio-extras), then a handler that hands each frame's body over.
enum FrameChannel {
  /// `idle`: close the connection when no complete frame comes in, and none goes out,
  /// for that long (the host's `idle_timeout_s`), after calling `onIdle`.
  static func configure(
    _ channel: Channel, idle: TimeAmount? = nil, onIdle: @escaping @Sendable () -> Void = {},
    onFrame: @escaping @Sendable ([UInt8]) -> Void,
    onClose: @escaping @Sendable () -> Void
  ) -> EventLoopFuture<Void> {
    channel.eventLoop.makeCompletedFuture {
      let ops = channel.pipeline.syncOperations
      try ops.addHandler(
        ByteToMessageHandler(LengthFieldBasedFrameDecoder(lengthFieldBitLength: .twoBytes)))
      try ops.addHandler(LengthFieldPrepender(lengthFieldBitLength: .twoBytes))
      if let idle { try ops.addHandler(FrameIdleGuard(timeout: idle, onIdle: onIdle)) }
      try ops.addHandler(FrameHandler(onFrame: onFrame, onClose: onClose))
    }
  }
}

/// Closes a connection on which no whole frame has moved for `timeout`. Bytes alone
/// do not count: a length prefix followed by a trickle, or nothing, still times out.
final class FrameIdleGuard: ChannelDuplexHandler {
  typealias InboundIn = ByteBuffer
  typealias InboundOut = ByteBuffer
  typealias OutboundIn = ByteBuffer
  typealias OutboundOut = ByteBuffer

  let timeout: TimeAmount
  let onIdle: @Sendable () -> Void
  private var timer: Scheduled<Void>?

  init(timeout: TimeAmount, onIdle: @escaping @Sendable () -> Void) {
    self.timeout = timeout
    self.onIdle = onIdle
  }

  func handlerAdded(context: ChannelHandlerContext) { rearm(context) }
  func handlerRemoved(context: ChannelHandlerContext) { timer?.cancel() }

  func channelRead(context: ChannelHandlerContext, data: NIOAny) {
    rearm(context)
    context.fireChannelRead(data)
  }

  func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
    rearm(context)
    context.write(data, promise: promise)
  }

  func channelInactive(context: ChannelHandlerContext) {
    timer?.cancel()
    context.fireChannelInactive()
  }

  private func rearm(_ context: ChannelHandlerContext) {
    timer?.cancel()
    let loopBound = NIOLoopBound(context, eventLoop: context.eventLoop)
    let onIdle = onIdle
    timer = context.eventLoop.scheduleTask(in: timeout) {
      onIdle()
      loopBound.value.close(promise: nil)
    }
  }
}

final class FrameHandler: ChannelInboundHandler {
  typealias InboundIn = ByteBuffer
  let onFrame: @Sendable ([UInt8]) -> Void
  let onClose: @Sendable () -> Void

  init(onFrame: @escaping @Sendable ([UInt8]) -> Void, onClose: @escaping @Sendable () -> Void) {
    self.onFrame = onFrame
    self.onClose = onClose
  }

  func channelRead(context: ChannelHandlerContext, data: NIOAny) {
    var buffer = unwrapInboundIn(data)
    onFrame(buffer.readBytes(length: buffer.readableBytes) ?? [])
  }

  func channelInactive(context: ChannelHandlerContext) {
    onClose()
    context.fireChannelInactive()
  }

  func errorCaught(context: ChannelHandlerContext, error: Error) {
    context.close(promise: nil)
  }
}
