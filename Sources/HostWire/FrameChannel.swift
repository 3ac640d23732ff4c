import NIOCore
import NIOExtras
import NIOPosix

/// The pipeline both ends share: 2-byte big-endian length framing
/// (swift-nio-extras), then a handler that hands each frame's body over.
enum FrameChannel {
  static func configure(
    _ channel: Channel, onFrame: @escaping @Sendable ([UInt8]) -> Void,
    onClose: @escaping @Sendable () -> Void
  ) -> EventLoopFuture<Void> {
    channel.eventLoop.makeCompletedFuture {
      let ops = channel.pipeline.syncOperations
      try ops.addHandler(
        ByteToMessageHandler(LengthFieldBasedFrameDecoder(lengthFieldBitLength: .twoBytes)))
      try ops.addHandler(LengthFieldPrepender(lengthFieldBitLength: .twoBytes))
      try ops.addHandler(FrameHandler(onFrame: onFrame, onClose: onClose))
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
