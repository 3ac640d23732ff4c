import Testing

@Test func placeholderPrinterTests() { #expect(Bool(true)) }
