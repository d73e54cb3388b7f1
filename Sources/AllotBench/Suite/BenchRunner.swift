import AllotClient
import AllotWire
import Foundation

/// Runs what the command line selects (one scenario, a suite or a peer),
/// starting a local allot-server when no --server is given, and writes
/// the table, the JSON report and the CSV timeline.
enum BenchRunner {
    /// Runs and returns the reports, one per scenario run.
    static func run(_ options: BenchOptions, print: (String) -> Void) async throws -> [BenchReport] {
        // Profile files are read once before any server starts, so that a
        // mistake in one fails at once. The checks against the workspace
        // run later, once it is applied.
        for case .profile(_, let path)? in try plan(options).map({ $0.1.scenario }) {
            _ = try TrafficProfile.load(path)
        }
        var localServer: LocalServer?
        let target: ServerTarget?
        if options.peer != nil {
            target = nil
        } else if let address = options.server {
            let path = options.credentialsPath ?? "allot-data/credentials.json"
            var given = try ServerTarget(address: address, credentials: loadCredentials(path), credentialsPath: path)
            given.connectTimeout = options.connectTimeout
            target = given
        } else {
            let binary = try CompanionBinary.path("allot-server", explicitPath: options.serverPath, option: "allot-server")
            let server = try LocalServer(binary: binary, extraArguments: options.serverFsync.map { ["--fsync", $0] } ?? [])
            localServer = server
            target = try server.target()
            if !options.quiet { standardError("started allot-server on \(server.address) with data in \(server.dataDirectory)") }
        }
        defer { localServer?.stop() }

        var reports: [BenchReport] = []
        for (scenario, scenarioOptions) in try plan(options) {
            let report = try await runOne(scenario, options: scenarioOptions, target: target, server: localServer)
            reports.append(report)
            if options.suite != nil, !options.quiet {
                print(ReportTable.lines([report]).joined(separator: "\n"))
            }
        }
        return reports
    }

    /// Returns the scenarios to run, each with its options.
    static func plan(_ options: BenchOptions) throws -> [(any Scenario, BenchOptions)] {
        if options.peer != nil {
            return [(BeanstalkdScenario(), options)]
        }
        if options.suite != nil {
            return StandardSuite.scenarios(options)
        }
        guard let choice = options.scenario else { return [] }
        return [(scenario(choice), options)]
    }

    static func scenario(_ choice: BenchOptions.ScenarioChoice) -> any Scenario {
        switch choice {
        case .echo: EchoScenario()
        case .throughput: ThroughputScenario()
        case .latency: LatencyScenario()
        case .profile(let name, let path): ProfileScenario(name: name, profilePath: path)
        }
    }

    private static func runOne(_ scenario: any Scenario, options: BenchOptions, target: ServerTarget?, server: LocalServer?) async throws -> BenchReport {
        let startedServer = server != nil
        let recorder = Recorder(primaryMeasure: scenario.primaryMeasure, rateCounter: scenario.rateCounter)
        let progress = ProgressLine(scenario: scenario.name, rateUnit: scenario.rateUnit, enabled: !options.quiet)
        let run = ScenarioRun(options: options, target: target, recorder: recorder, progress: progress, serverPID: server?.processIdentifier)
        let outcome: ScenarioOutcome
        do {
            outcome = try await scenario.run(run)
            await deleteWorkspaces(of: run, target: target)
        } catch let error as ProfileError {
            run.endLoad()
            await deleteWorkspaces(of: run, target: target)
            throw error
        } catch let error as BenchFailure where error.isUsageError {
            run.endLoad()
            await deleteWorkspaces(of: run, target: target)
            throw error
        } catch {
            run.endLoad()
            await deleteWorkspaces(of: run, target: target)
            throw BenchFailure("scenario \(scenario.name) failed: \(error)")
        }
        let seconds = run.measuredSeconds
        let counters = recorder.counters
        let operations = Double(counters[scenario.rateCounter, default: 0])
        let cpu = run.measuredCPU
        var settings = outcome.settings
        settings["duration_s"] = "\(options.duration.seconds)"
        settings["warm_up_s"] = "\(options.warmUp.seconds)"
        settings["connections"] = "\(options.connections)"
        settings["in_flight"] = "\(options.inFlight)"
        settings["seed"] = "\(options.seed)"
        settings["speed"] = settings["speed"] ?? "\(options.speed)"
        if startedServer { settings["server_fsync"] = options.serverFsync ?? "always (the server's default)" }
        return BenchReport(
            scenario: scenario.name,
            server: options.server?.description ?? target?.address.description ?? "",
            startedServer: startedServer && options.peer == nil,
            date: ISO8601DateFormatter().string(from: Date()),
            machine: MachineDescription.current(),
            settings: settings,
            measuredSeconds: (seconds * 1_000).rounded() / 1_000,
            achievedRate: seconds > 0 ? Double(counters[scenario.rateCounter, default: 0]) / seconds : 0,
            rateUnit: scenario.rateUnit,
            callsPerSecond: seconds > 0 ? Double(counters[CounterName.calls, default: 0]) / seconds : 0,
            counters: counters,
            latencies: recorder.histograms.mapValues(LatencySummary.init),
            cpu: CPUFigures(sample: cpu, operations: operations),
            queues: outcome.queues.isEmpty ? nil : outcome.queues,
            overall: outcome.overall,
            timeline: recorder.timeline.rows,
            errorCount: recorder.runErrors.count,
            firstError: recorder.runErrors.firstMessage
        )
    }

    /// Deletes the workspaces `run` created, with their tasks and workers,
    /// on a server given with --server. A server the bench started is
    /// stopped and its data removed anyway. --keep-workspace keeps them for inspection. A
    /// failed delete is reported and does not fail the run.
    private static func deleteWorkspaces(of run: ScenarioRun, target: ServerTarget?) async {
        let sids = run.createdWorkspaces
        guard let target, run.options.server != nil, !run.options.keepWorkspace, !sids.isEmpty else { return }
        do {
            let connection = try await target.connect(clientName: "allot-bench cleanup")
            defer { connection.close() }
            for sid in sids {
                _ = try await connection.deleteWorkspace(Wire.DeleteWorkspaceRequest(workspaceSID: sid))
            }
        } catch {
            standardError("allot-bench: could not delete the run's workspaces \(sids.joined(separator: ", ")): \(error); delete them with allot or ignore them")
        }
    }

    /// Reads the --credentials file. A missing or invalid file is a usage
    /// problem (exit status 2), worded as the allot CLI words it.
    static func loadCredentials(_ path: String) throws(BenchFailure) -> AllotCredentials {
        guard FileManager.default.fileExists(atPath: path) else {
            throw BenchFailure("the credentials file '\(path)' does not exist. Pass an account's credentials with --credentials "
                + "FILE: the credentials.json that allot-server writes into its data directory (--data-dir, ./allot-data by "
                + "default) when it first starts without configured accounts, or for an account of the server's accounts "
                + #"file a file of your own holding {"account_sid": "AC…", "secret": "…"}"#, isUsageError: true)
        }
        do {
            return try AllotCredentials.load(path: path)
        } catch {
            throw BenchFailure("\(error.message); pass the credentials.json of the server's data directory with --credentials FILE", isUsageError: true)
        }
    }
}
