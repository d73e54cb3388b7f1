import AllotCore
import AllotWire

extension Wire.Reservation {
    /// Converts a reservation. A pending one times out `timeoutSeconds`
    /// after its creation.
    init(_ info: ReservationInfo) {
        self.init(
            sid: info.sid,
            workspaceSID: info.workspaceSid,
            taskSID: info.taskSid,
            workerSID: info.workerSid,
            workerName: info.workerName,
            reservationStatus: Wire.ReservationStatus(info.reservationStatus),
            taskQueueSID: info.taskQueueSid.orEmpty,
            workflowSID: info.workflowSid.orEmpty,
            timeoutUnixMilliseconds: info.dateCreated.adding(seconds: info.timeoutSeconds).unixMilliseconds,
            version: info.version,
            accountSID: info.accountSid,
            dateCreatedUnixMilliseconds: info.dateCreated.unixMilliseconds,
            dateUpdatedUnixMilliseconds: info.dateUpdated.unixMilliseconds
        )
    }
}

extension Wire.ReservationPage {
    init(_ page: Page<ReservationInfo>) {
        self.init(reservations: page.items.map(Wire.Reservation.init), nextPageToken: page.nextPageToken.orEmpty)
    }
}

extension UpdateReservationRequest {
    init(_ wire: Wire.UpdateReservationRequest) {
        self.init(reservationStatus: wire.reservationStatus.engineText,
                  workerActivitySid: wire.workerActivitySID.nonEmpty,
                  expectedVersion: wire.ifMatchVersion)
    }
}
