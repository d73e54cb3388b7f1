// allot-server: runs the Allot server in the foreground until SIGTERM or
// SIGINT. See `allot-server --help` for every option.
import AllotCore
import AllotPersistence
import AllotServer
import AllotStorage
import Foundation

/// Exit status for invalid options or a failed start.
let configurationFailureStatus: Int32 = 2
let startupFailureStatus: Int32 = 1
/// Exit status after a stop whose journal could not be closed, which may have lost the
/// changes after the last sync, so that a supervisor can tell it from a clean stop.
let shutdownFailureStatus: Int32 = 3

let request: ConfigurationRequest
do {
    request = try ConfigurationLoader.load(arguments: Array(CommandLine.arguments.dropFirst()), environment: ProcessInfo.processInfo.environment)
} catch {
    Logger(minimumLevel: .info).error("invalid configuration", ("error", error.description))
    exit(configurationFailureStatus)
}

guard case .run(let configuration) = request else {
    if case .help(let text) = request { print(text) }
    exit(0)
}
do {
    try Server.checkConfiguredAccounts(configuration)
} catch {
    Logger(minimumLevel: .info).error("invalid configuration", ("error", error.description))
    exit(configurationFailureStatus)
}

let logger = Logger(minimumLevel: configuration.logLevel)
for warning in configuration.warnings {
    logger.log(.warning, warning.message, warning.metadata)
}
do {
    try Server.blockControlSignals()
    logger.info("starting", ("version", "0.1"), ("io_threads", "\(configuration.ioThreadCount)"), ("shards", "\(configuration.engineShardCount)"),
                ("data_dir", configuration.dataDirectory), ("fsync", configuration.syncPolicy.optionText))
    // Recovery may write a snapshot or truncate a segment: a write past the file size limit
    // must fail with EFBIG and stop the start with an error, not kill the process.
    signal(SIGXFSZ, SIG_IGN)
    let persistenceMetrics = PersistenceMetrics()
    let durable = try openDurableEngine(configuration, logger: logger, metrics: persistenceMetrics)
    let handler = EngineHandler(durable: durable, logger: logger, persistenceMetrics: persistenceMetrics)
    let server = try Server(configuration: configuration, handler: handler, logger: logger)
    if configuration.snapshotIntervalSeconds > 0 {
        durable.startSnapshotSchedule(every: .seconds(configuration.snapshotIntervalSeconds)) {
            Timestamp(unixMilliseconds: WallClockInstant.now().unixMilliseconds)
        }
    }
    server.start()
    var signal = try Server.waitForSignal()
    while signal == .reloadAccounts {
        logger.info("reload signal received", ("signal", "SIGHUP"))
        server.reloadAccounts()
        signal = try Server.waitForSignal()
    }
    if case .terminate(let name) = signal {
        logger.info("termination signal received", ("signal", name))
    }
    server.stop()
    exit(shutDown(durable, logger: logger) ? 0 : shutdownFailureStatus)
} catch {
    logger.startupFailed("\(error)")
    exit(startupFailureStatus)
}

/// Restores the engine from the data directory and logs what recovery did. The engine's
/// later events (snapshots and journal retries) are logged and recorded in `metrics`.
func openDurableEngine(_ configuration: ServerConfiguration, logger: Logger, metrics: PersistenceMetrics) throws -> DurableEngine {
    let persistence = DurableEngineConfiguration(dataDirectory: configuration.dataDirectory,
                                                 engine: configuration.engineConfiguration,
                                                 syncPolicy: configuration.syncPolicy)
    logger.info("opening the data directory", ("data_dir", configuration.dataDirectory))
    let (durable, report) = try DurableEngine.open(configuration: persistence, now: Timestamp(unixMilliseconds: WallClockInstant.now().unixMilliseconds)) { event in
        let level: LogLevel = switch event {
        case .snapshotWritten, .journal(.writeRecovered): .info
        case .snapshotFailed, .journal(.writeFailed): .error
        case .skippedBeforeFailure: .warning
        }
        metrics.record(event, at: WallClockInstant.now())
        logger.log(level, event.message, event.metadata)
    }
    for note in report.notes {
        logger.log(.warning, note.message, note.metadata.sorted { $0.key < $1.key })
    }
    logger.log(.info, "recovered", report.metadata)
    return durable
}

/// Writes a final snapshot and closes the journal once the server has stopped. Returns
/// false when the journal could not be closed. A failed snapshot alone loses nothing,
/// because the journal still contains every change.
func shutDown(_ durable: DurableEngine, logger: Logger) -> Bool {
    durable.stopSnapshotSchedule()
    do {
        let report = try durable.snapshotNow(createdAt: Timestamp(unixMilliseconds: WallClockInstant.now().unixMilliseconds))
        logger.log(.info, "wrote the shutdown snapshot", DurableEngineEvent.snapshotWritten(report).metadata)
    } catch {
        logger.error("shutdown snapshot failed; the journal still contains every change", ("error", "\(error)"))
    }
    do {
        try durable.close()
        logger.info("journal closed")
        return true
    } catch {
        logger.error("closing the journal failed; changes after its last sync may be lost", ("error", error.description))
        return false
    }
}
