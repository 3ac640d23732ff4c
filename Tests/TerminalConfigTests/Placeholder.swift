import Testing

@Test func placeholderTerminalConfigTests() { #expect(Bool(true)) }
