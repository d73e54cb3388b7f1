import AllotClient
import AllotPersistence
import AllotWire

/// `allot snapshot`: shows and checks snapshot files, and requests a snapshot from a server.
enum SnapshotCommand: Command {
    static let name = "snapshot"
    static let summary = "inspect or verify a snapshot file, or make the server save a snapshot now"
    static let synopsis = "inspect FILE [--header-only] | verify FILE | save"
    static let actions = ["inspect", "verify", "save"]
    static let options: [OptionSpecification] = [
        .flag("header-only", help: "inspect: print the header without reading the bodies, which works on a file with damaged bodies",
              actions: ["inspect"]),
        .value("server", "HOST:PORT", help: "save: address of allot-server; default \(ServerOptions.defaultAddress)", actions: ["save"]),
        .value("credentials", "FILE", help: "save: credentials file with account_sid and secret; default \(AllotCredentials.defaultPath)",
               actions: ["save"]),
        .flag("json", help: "print JSON instead of text, for scripts"),
    ]
    static let details = """
        inspect and verify read a file on this machine and need no server. inspect prints the
        header (format version, the journal sequence covered, the creation time, sizes and counts
        per shard) and the resources of each workspace. verify also rebuilds every shard's
        records as a restore would and, when the file name has the form snapshot-<20 digits>.snap,
        checks that the sequence in it is the one the header covers, as the server does. It exits
        with status 1 when anything is wrong, naming the defect. save asks the server (an administrator account) to write a snapshot now and
        prints its path, the journal sequence it covers and its size.

        Exit status: 0 when the file is valid or the snapshot was saved; 1 when the file is
        damaged or cannot be read, or the server rejects the call; 2 for invalid arguments.

        examples:
          allot snapshot inspect allot-data/snapshot-00000000000000001234.snap
          allot snapshot verify allot-data/snapshot-00000000000000001234.snap --json
          allot snapshot save --server 127.0.0.1:7700
        """

    static func run(_ arguments: ParsedArguments, console: inout Console) throws(CommandFailure) -> Int32 {
        let (verb, operands) = try ServerCommandSupport.verb(arguments, allowed: ["inspect", "verify", "save"], command: name)
        let json = arguments.contains("json")
        switch verb {
        case "save":
            guard operands.isEmpty else {
                throw CommandFailure(message: "'snapshot save' takes no operands; the server chooses the file in its data folder")
            }
            let printer = ResultPrinter(arguments)
            let lines = try ServerOptions.run(arguments) { connection in
                printer.one(try await connection.saveSnapshot(Wire.SnapshotSave()))
            }
            for line in lines { console.write(line) }
            return ExitStatus.success
        case "inspect":
            return inspect(try file(operands, verb: verb), headerOnly: arguments.contains("header-only"), json: json,
                           console: &console)
        default:
            return verify(try file(operands, verb: verb), json: json, console: &console)
        }
    }

    /// Prints one file's header and, unless `headerOnly`, its workspaces. A file that cannot
    /// be read prints the defect and gives status 1.
    private static func inspect(_ path: String, headerOnly: Bool, json: Bool, console: inout Console) -> Int32 {
        let inspection: SnapshotFileCheck.Inspection
        do {
            inspection = headerOnly ? try SnapshotFileCheck.inspectHeader(path) : try SnapshotFileCheck.inspect(path)
        } catch {
            console.writeError("allot snapshot inspect: \(error)")
            return ExitStatus.damagedFile
        }
        let output = SnapshotOutput(inspection)
        for line in json ? [SnapshotOutput.jsonText(output.object(valid: nil))] : output.lines() { console.write(line) }
        return ExitStatus.success
    }

    /// Verifies one file and prints the outcome. A damaged file prints the defect and gives status 1.
    private static func verify(_ path: String, json: Bool, console: inout Console) -> Int32 {
        do {
            let inspection = try SnapshotFileCheck.verify(path)
            let output = SnapshotOutput(inspection)
            if json {
                var object = output.object(valid: true)
                object["file_name_checked"] = inspection.fileNameChecked
                console.write(SnapshotOutput.jsonText(object))
            } else {
                let nameText = inspection.fileNameChecked
                    ? "the sequence in the file name matches the header"
                    : "the file name is not snapshot-<20 digits>.snap, so the sequence in it was not compared"
                console.write("\(path): valid (\(output.totalsText)); \(nameText)")
            }
            return ExitStatus.success
        } catch {
            if json {
                console.write(SnapshotOutput.jsonText(["path": path, "valid": false, "error": "\(error)"]))
            }
            console.writeError("allot snapshot verify: \(error)")
            return ExitStatus.damagedFile
        }
    }

    private static func file(_ operands: [String], verb: String) throws(CommandFailure) -> String {
        guard operands.count == 1, !operands[0].isEmpty else {
            throw CommandFailure(message: "'snapshot \(verb)' takes exactly one FILE, for example "
                                    + "'allot snapshot \(verb) allot-data/snapshot-00000000000000001234.snap'")
        }
        return operands[0]
    }
}
