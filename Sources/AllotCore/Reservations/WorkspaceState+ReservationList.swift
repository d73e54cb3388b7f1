extension WorkspaceState {
    /// Lists the given reservations in creation order, by status and worker.
    /// `scope` names the task or worker they belong to, for the page token.
    func listReservations(_ handles: [ReservationHandle], status: String?, workerSid: String?,
                          page: PageRequest, scope: PageScope) throws(EngineError) -> Page<ReservationInfo> {
        let wanted = try status.map { text throws(EngineError) -> ReservationStatus in
            guard let value = ReservationStatus(rawValue: text.lowercased()) else {
                throw .invalidArgument(field: "ReservationStatus",
                                       message: "ReservationStatus \(EngineError.quoted(text)) is not one of "
                                           + ReservationStatus.allCases.map(\.rawValue).joined(separator: ", "))
            }
            return value
        }
        let rows = handles
            .filter { (wanted == nil || reservations[$0].status == wanted)
                && (workerSid == nil || reservations[$0].workerSid == workerSid) }
            .sorted { reservations[$0].sequence < reservations[$1].sequence }
            .map { (key: [reservations[$0].sequence], item: reservationInfo($0)) }
        return try Pager.page(rows, request: page, scope: scope, limits: limits)
    }
}
