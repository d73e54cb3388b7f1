import AllotCore
import AllotWire

extension EngineHandler {
    func respondToReservationCall(_ request: Wire.ClientFrame.Request, _ context: CallContext,
                                  now: Timestamp) throws(EngineError) -> Wire.ServerFrame.Response? {
        let account = context.account.sid
        switch request {
        case .fetchReservation(let wire):
            let reservation = try engine.fetchReservation(workspace: wire.workspaceSID, sid: wire.reservationSID, account: account)
            return .reservation(Wire.Reservation(reservation))
        case .updateReservation(let wire):
            return try perform(.updateReservation(workspace: wire.workspaceSID, sid: wire.reservationSID, UpdateReservationRequest(wire)),
                               context, request: request, now: now)
        case .listTaskReservations(let wire):
            let page = try engine.listTaskReservations(workspace: wire.workspaceSID, taskSid: wire.taskSID,
                                                       status: wire.reservationStatus.engineText, workerSid: wire.workerSID.nonEmpty,
                                                       page: PageRequest(pageSize: wire.pageSize, pageToken: wire.pageToken),
                                                       account: account)
            return .reservationPage(Wire.ReservationPage(page))
        case .listWorkerReservations(let wire):
            let page = try engine.listWorkerReservations(workspace: wire.workspaceSID, workerSid: wire.workerSID,
                                                         status: wire.reservationStatus.engineText,
                                                         page: PageRequest(pageSize: wire.pageSize, pageToken: wire.pageToken),
                                                         account: account)
            return .reservationPage(Wire.ReservationPage(page))
        default:
            misrouted(request)
        }
    }
}
