import Testing

@Test func placeholderCursesFrontTests() { #expect(Bool(true)) }
