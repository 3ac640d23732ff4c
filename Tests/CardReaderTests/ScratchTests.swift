import CardReader
import Foundation
import Testing

@Test func scratchClean() {
  let m = ReaderModem()
  let r = m.swipe(Fixtures.card16, through: .clean, seed: 1)
  print(r)
  var p = ChannelProfile()
  p.ebN0dB = 12; p.clockPPM = 10000; p.sampleRate = 22050; p.inverted = true
  print(m.swipe(Fixtures.card19, through: p, seed: 2))
  p.sampleRate = 11025; p.clockPPM = -10000; p.gain = 0.05
  print(m.swipe(Fixtures.card19, through: p, seed: 2))
}
