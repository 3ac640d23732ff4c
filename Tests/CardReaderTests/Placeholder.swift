import Testing

@Test func placeholderCardReaderTests() { #expect(Bool(true)) }
