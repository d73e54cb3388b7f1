import AllotCore

/// The result of a journaled command, boxed once where the engine returns it.
///
/// The result waits in its ``DurabilityTicket`` until the journal acknowledges the record,
/// then passes through the completion to the reply. Each of those hops copies a reference,
/// where copying the value would retain every string and array in it.
package final class AppliedCommand: Sendable {
    /// The command's output and the events it appended.
    package let result: EngineResult<EngineCommandOutput>

    init(_ result: consuming EngineResult<EngineCommandOutput>) {
        self.result = result
    }
}
