import Foundation
import Testing

@Suite struct EvalCommandTests {
    func eval(_ arguments: String...) throws -> CommandRunner.Output {
        try CommandRunner.run(["eval"] + arguments)
    }

    @Test func printsTrue() throws {
        let output = try eval("--expression", #"skills HAS "support""#, "--attributes", #"{"skills":["support"]}"#)
        #expect(output.status == 0)
        #expect(output.standardOutput == "true\n")
        #expect(output.standardError.isEmpty)
    }

    @Test func printsFalse() throws {
        let output = try eval("--expression", "skills HAS 'sales'", "--attributes", #"{"skills":["support"]}"#)
        #expect(output.status == 0)
        #expect(output.standardOutput == "false\n")
    }

    @Test func acceptsEqualsSignForm() throws {
        let output = try eval("--expression=level >= 3", "--attributes={\"level\":4}")
        #expect(output.standardOutput == "true\n")
    }

    @Test func syntaxErrorShowsCaret() throws {
        let output = try eval("--expression", #"customer-value == "gold""#)
        #expect(output.status == 2)
        #expect(output.standardOutput.isEmpty)
        let lines = output.standardError.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        #expect(lines[0] == "allot eval: invalid expression: column 9: '-' is not allowed in a key ('customer-value'); expressions cannot reference keys that contain hyphens")
        #expect(lines[1] == #"  customer-value == "gold""#)
        #expect(lines[2] == "          ^")
    }

    @Test func caretAtEndOfExpression() throws {
        let output = try eval("--expression", "(a == 1")
        #expect(output.status == 2)
        let lines = output.standardError.split(separator: "\n").map(String.init)
        #expect(lines[0].contains("column 8: expected ')' to close '(' at column 1, found end of expression"))
        #expect(lines[2] == "         ^")
    }

    @Test func caretCountsCombiningAccentOnce() throws {
        // "e" plus U+0301 is two scalars, so two columns, but one character on screen.
        let output = try eval("--expression", "a == 'e\u{301}' b")
        let lines = output.standardError.split(separator: "\n").map(String.init)
        #expect(lines[0].contains("column 11:"))
        #expect(lines[2] == "  " + String(repeating: " ", count: 9) + "^")
    }

    @Test func missingExpressionIsUsageError() throws {
        let output = try eval("--attributes", "{}")
        #expect(output.status == 2)
        #expect(output.standardError.contains("--expression is required"))
    }

    @Test func unknownOptionIsUsageError() throws {
        let output = try eval("--expression", "1==1", "--colour", "red")
        #expect(output.status == 2)
        #expect(output.standardError.contains("unknown option '--colour'"))
        #expect(output.standardError.contains("allot eval --help"))
        let misspelt = try eval("--expresion", "1==1")
        #expect(misspelt.status == 2)
        #expect(misspelt.standardError.contains("unknown option '--expresion'; did you mean --expression?"))
    }

    /// A JSON option given a file path without the `@` that reads it explains the `@`.
    @Test func filePathWithoutAtIsExplained() throws {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("allot-eval-\(UUID().uuidString).json")
        try Data(#"{"skills": ["en"]}"#.utf8).write(to: url)
        defer { try? FileManager.default.removeItem(at: url) }
        let output = try eval("--expression", "skills HAS 'en'", "--attributes", url.path)
        #expect(output.status == 2)
        #expect(output.standardError.contains("to read the file \(url.path), pass @\(url.path)"))
        #expect(try eval("--expression", "skills HAS 'en'", "--attributes", "@" + url.path).status == 0)
    }

    @Test func optionWithoutValueIsUsageError() throws {
        let output = try eval("--expression")
        #expect(output.status == 2)
        #expect(output.standardError.contains("--expression needs a value"))
    }

    @Test func repeatedOptionIsUsageError() throws {
        let output = try eval("--expression", "1==1", "--expression", "1==0")
        #expect(output.status == 2)
        #expect(output.standardError.contains("more than once"))
    }

    @Test func unknownKindIsUsageError() throws {
        let output = try eval("--expression", "1==1", "--kind", "queues")
        #expect(output.status == 2)
        #expect(output.standardError.contains("unknown --kind 'queues'"))
    }

    @Test func documentForOtherKindIsUsageError() throws {
        let output = try eval("--expression", "1==1", "--members", "[]")
        #expect(output.status == 2)
        #expect(output.standardError.contains("--members is not used with --kind queue"))
    }

    @Test func invalidJSONIsRejected() throws {
        let output = try eval("--expression", "1==1", "--attributes", "{skills: 1}")
        #expect(output.status == 2)
        #expect(output.standardError.contains("--attributes is not a valid attributes document: invalid JSON at line 1, column 2"))
        let notObject = try eval("--expression", "1==1", "--attributes", "[1]")
        #expect(notObject.status == 2)
        #expect(notObject.standardError.contains("must be a JSON object"))
        let truncated = try eval("--kind", "skip-if", "--expression", "1==1", "--members", "[1")
        #expect(truncated.status == 2)
        #expect(truncated.standardError.contains("--members is not valid JSON"))
        let workerArray = try eval("--expression", "1==1", "--worker", "[1]")
        #expect(workerArray.status == 2)
        #expect(workerArray.standardError.contains("the worker document must be a JSON object"))
    }

    @Test func readsJSONFromFile() throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("allot-eval-\(UUID().uuidString).json")
        try Data(#"{"languages":["en","fr"]}"#.utf8).write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }
        let output = try eval("--expression", "languages HAS 'fr'", "--attributes", "@" + file.path)
        #expect(output.standardOutput == "true\n")
        let missing = try eval("--expression", "1==1", "--attributes", "@/nonexistent/allot.json")
        #expect(missing.status == 2)
        #expect(missing.standardError.contains("cannot read the file '/nonexistent/allot.json'"))
    }

    @Test func taskAndWorkerImplyTarget() throws {
        let output = try eval(
            "--expression", "task.language IN worker.languages AND worker.channel.voice.available_capacity_percentage == 100",
            "--task", #"{"language":"en"}"#,
            "--worker", #"{"sid":"WK1","languages":["en"],"channels":{"voice":{"configured_capacity":1,"active_reservations":0,"assigned_tasks":0}}}"#
        )
        #expect(output.status == 0)
        #expect(output.standardOutput == "true\n")
    }

    @Test func filterReadsTheClock() throws {
        let saturday = try eval("--kind", "filter", "--expression", "taskrouter.dayOfWeek == 'Sat' AND taskrouter.currentTime == 1200", "--now", "2024-05-18T12:00:00Z")
        #expect(saturday.standardOutput == "true\n")
        let offset = try eval("--kind", "filter", "--expression", "taskrouter.currentHour == 10", "--now", "2024-05-18T12:00:00+02:00")
        #expect(offset.standardOutput == "true\n")
        let invalid = try eval("--kind", "filter", "--expression", "1==1", "--now", "yesterday")
        #expect(invalid.status == 2)
        #expect(invalid.standardError.contains("not an ISO 8601 instant"))
    }

    @Test func skipIfCountsMembers() throws {
        let output = try eval(
            "--kind", "skip-if", "--expression", "workers.available == 0 AND workers.WA_BREAK == 2",
            "--members", #"[{"activity_sid":"WA_BREAK","available":false},{"activity_sid":"WA_BREAK","available":false}]"#
        )
        #expect(output.standardOutput == "true\n")
        let malformed = try eval("--kind", "skip-if", "--expression", "1==1", "--members", #"[{"available":false}]"#)
        #expect(malformed.status == 2)
        #expect(malformed.standardError.contains("queue member 0"))
    }

    @Test func workerFilterReadsSystemFields() throws {
        let output = try eval("--kind", "worker-filter", "--expression", "activity_name == 'Idle'", "--worker", #"{"activity_name":"Idle"}"#)
        #expect(output.standardOutput == "true\n")
    }

    @Test func helpShowsUsageAndExample() throws {
        let output = try eval("--help")
        #expect(output.status == 0)
        #expect(output.standardOutput.hasPrefix("usage: allot eval --expression TEXT"))
        #expect(output.standardOutput.contains("examples:"))
        #expect(output.standardOutput.contains("--kind KIND"))
    }
}

@Suite struct CommandTableTests {
    @Test func noArgumentsPrintsUsage() throws {
        let output = try CommandRunner.run([])
        #expect(output.status == 2)
        #expect(output.standardError.contains("usage: allot <command>"))
    }

    @Test func helpListsCommands() throws {
        let output = try CommandRunner.run(["--help"])
        #expect(output.status == 0)
        #expect(output.standardOutput.contains("eval"))
    }

    @Test func unknownCommandIsUsageError() throws {
        let output = try CommandRunner.run(["frobnicate"])
        #expect(output.status == 2)
        #expect(output.standardError.contains("unknown command 'frobnicate'"))
    }
}
