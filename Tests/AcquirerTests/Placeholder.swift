import Testing

@Test func placeholderAcquirerTests() { #expect(Bool(true)) }
