import Testing

@Test func placeholderAcceptanceTests() { #expect(Bool(true)) }
