import Testing

@Test func placeholderJournalTests() { #expect(Bool(true)) }
