// allot-server: runs the Allot server in the foreground until SIGTERM or
// SIGINT. See `allot-server --help` for every option.
import AllotCore
import AllotServer
import Foundation

/// Exit status for invalid options or a failed start.
let configurationFailureStatus: Int32 = 2
let startupFailureStatus: Int32 = 1

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

let logger = Logger(minimumLevel: configuration.logLevel)
do {
    try Server.blockTerminationSignals()
    let engine = Engine(configuration: configuration.engineConfiguration)
    let server = try Server(configuration: configuration, handler: EngineHandler(engine: engine, logger: logger), logger: logger)
    logger.info("starting", ("version", "0.1"), ("io_threads", "\(configuration.ioThreadCount)"), ("shards", "\(configuration.engineShardCount)"),
                ("data_dir", configuration.dataDirectory))
    server.start()
    let signal = try Server.waitForTerminationSignal()
    logger.info("termination signal received", ("signal", signal))
    server.stop()
    exit(0)
} catch {
    logger.error("server failed to start", ("error", "\(error)"))
    exit(startupFailureStatus)
}
