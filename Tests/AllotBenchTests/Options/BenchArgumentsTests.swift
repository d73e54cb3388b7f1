@testable import AllotBench
import Testing

struct BenchArgumentsTests {
    private func options(_ arguments: [String]) throws -> BenchOptions {
        guard case .run(let options) = try BenchArguments.parse(arguments) else {
            throw ArgumentError(message: "expected options, got the help request")
        }
        return options
    }

    private func message(_ arguments: [String]) -> String {
        do {
            _ = try BenchArguments.parse(arguments)
            return ""
        } catch {
            return error.message
        }
    }

    @Test func parsesTheDocumentedCommandLine() throws {
        let parsed = try options(["--server", "127.0.0.1:7700", "--scenario", "latency", "--duration", "30s", "--rate", "250", "--json", "out.json"])
        #expect(parsed.server == ServerAddress(host: "127.0.0.1", port: 7700))
        #expect(parsed.scenario == .latency)
        #expect(parsed.duration == .seconds(30))
        #expect(parsed.rate == 250)
        #expect(parsed.jsonPath == "out.json")
    }

    @Test func acceptsEqualsSignsAndUnits() throws {
        let parsed = try options(["--scenario=throughput", "--duration=1500ms", "--warm-up=1s", "--in-flight=8", "--connections=3"])
        #expect(parsed.duration == .milliseconds(1_500))
        #expect(parsed.warmUp == .seconds(1))
        #expect(parsed.inFlight == 8)
        #expect(parsed.connections == 3)
        #expect(try options(["--scenario", "echo", "--duration", "2m"]).duration == .seconds(120))
    }

    @Test func builtInProfilesResolveUnderExamples() throws {
        let examples = Repository.path("examples")
        #expect(try options(["--scenario", "contact-centre", "--examples", examples]).scenario
            == .profile(name: "contact-centre", path: "\(examples)/contact-centre.traffic.json"))
        #expect(try options(["--scenario", "helpline", "--examples", examples]).scenario == .profile(name: "helpline", path: "\(examples)/helpline/traffic.json"))
    }

    @Test func serverFsyncAcceptsThePolicies() throws {
        #expect(try options(["--scenario", "echo", "--server-fsync", "never"]).serverFsync == "never")
        #expect(try options(["--scenario", "echo", "--server-fsync", "interval:10"]).serverFsync == "interval:10")
        #expect(try options(["--scenario", "echo"]).serverFsync == nil)
    }

    @Test func helpIsRecognised() throws {
        #expect(try BenchArguments.parse(["--help"]) == .help)
    }

    @Test func invalidValuesNameTheValueAndTheFix() {
        let cases: [([String], String)] = [
            (["--scenario", "echo", "--duration", "3x"], "invalid --duration '3x': expected a positive number of seconds, or a number with a unit"),
            (["--scenario", "echo", "--duration", "0s"], "invalid --duration '0s'"),
            (["--scenario", "echo", "--duration", "25h"], "at most 24h"),
            (["--scenario", "echo", "--rate", "-4"], "invalid --rate '-4': expected a number from"),
            (["--scenario", "echo", "--connections", "0"], "invalid --connections '0': expected a whole number from 1 to 1024"),
            (["--scenario", "echo", "--in-flight", "5000"], "invalid --in-flight '5000'"),
            (["--scenario", "echo", "--speed", "0.5"], "invalid --speed '0.5'"),
            (["--scenario", "echo", "--seed", "x"], "invalid --seed 'x'"),
            (["--scenario", "echo", "--server", "localhost"], "invalid --server 'localhost': expected HOST:PORT"),
            (["--scenario", "echo", "--server", ":7700"], "the host is missing"),
            (["--scenario", "no-such-scenario"], "unknown --scenario 'no-such-scenario': expected contact-centre, helpline, throughput, latency, echo or the path"),
            (["--scenario", "echo", "--suite", "standard"], "give exactly one of --scenario, --suite or --peer"),
            ([], "give exactly one of --scenario, --suite or --peer"),
            (["--suite", "long"], "unknown --suite 'long': expected standard"),
            (["--peer", "beanstalkd"], "--peer beanstalkd needs --server HOST:PORT"),
            (["--peer", "redis", "--server", "127.0.0.1:1"], "unknown --peer 'redis'"),
            (["--scenario", "echo", "--duration", "2s", "--warm-up", "2s"], "--warm-up 2.0 seconds must be shorter than --duration 2.0 seconds"),
            (["--scenario", "echo", "--bogus"], "unknown option --bogus"),
            (["--scenario", "echo", "extra"], "unexpected argument 'extra'"),
            (["--scenario"], "--scenario needs a value"),
            (["--scenario", "echo", "--server-fsync", "sometimes"], "invalid --server-fsync 'sometimes': expected always, never or interval:MS"),
            (["--scenario", "echo", "--server-fsync", "interval:0"], "invalid --server-fsync 'interval:0'"),
            (["--scenario", "echo", "--server-fsync", "never", "--server", "127.0.0.1:7700"], "--server-fsync sets the server allot-bench starts"),
            (["--scenario", "echo", "--quiet=yes"], "--quiet takes no value"),
        ]
        for (arguments, expected) in cases {
            let text = message(arguments)
            #expect(text.contains(expected), "\(arguments): \(text)")
        }
    }

    @Test func missingProfilePathSaysNoSuchFile() {
        #expect(message(["--scenario", "./nothere.json"]).contains("no such file"))
        #expect(message(["--scenario", "nothere"]).contains("unknown --scenario 'nothere'"))
    }

    @Test func misspeltScenarioGetsNearestName() {
        #expect(message(["--scenario", "contact-center"]).contains("did you mean 'contact-centre'?"))
        #expect(!message(["--scenario", "nothere"]).contains("did you mean"))
    }

    @Test func builtInProfileOutsideRepositoryNamesExamples() {
        let text = message(["--scenario", "helpline", "--examples", "/nonexistent"])
        #expect(text.contains("/nonexistent/helpline/traffic.json does not exist"))
        #expect(text.contains("--examples DIR"))
        #expect(message(["--suite", "standard", "--examples", "/nonexistent"]).contains("--examples DIR"))
    }

    @Test func bareDurationIsSeconds() throws {
        #expect(try options(["--scenario", "echo", "--duration", "5"]).duration == .seconds(5))
        #expect(try options(["--scenario", "echo", "--duration", "5", "--warm-up", "0.5"]).warmUp == .milliseconds(500))
    }

    @Test func optionsScenarioIgnoresRejected() throws {
        #expect(message(["--scenario", "throughput", "--rate", "100"]).contains("--scenario throughput does not use --rate"))
        #expect(message(["--scenario", "echo", "--speed", "60"]).contains("--scenario echo does not use --speed"))
        #expect(message(["--scenario", "latency", "--in-flight", "4"]).contains("does not use --in-flight"))
        #expect(message(["--suite", "standard", "--duration", "5s"]).contains("--suite standard does not use --duration"))
        #expect(try options(["--scenario", "latency", "--rate", "100", "--workers", "4"]).rate == 100)
        #expect(try options(["--scenario", "/dev/null", "--speed", "60", "--agent-connections", "2"]).speed == 60)
    }
}
