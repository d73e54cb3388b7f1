/// The workspace timer heap's positions: a dense array per timer kind,
/// indexed by the handle that owns the timer.
///
/// One array indexed by handle and kind together reserved six slots per
/// task handle, though a pending task arms one or two timers and task and
/// reservation handles are counted apart. Each array here grows only to the
/// largest handle that armed its kind.
struct TimerPositions: HeapPositions {
    typealias ID = TimerID

    private var timeToLive = DensePositions<TaskHandle>()
    private var stepTimeout = DensePositions<TaskHandle>()
    private var assignedLifetime = DensePositions<TaskHandle>()
    private var retention = DensePositions<TaskHandle>()
    private var reservationTimeout = DensePositions<ReservationHandle>()
    private var clockMinute: Int?

    init() {}

    init?(uniqueIDs ids: some Collection<TimerID>) {
        for (position, id) in ids.enumerated() {
            guard self[id] == nil else { return nil }
            self[id] = position
        }
    }

    subscript(id: TimerID) -> Int? {
        // Out of line, every heap upsert also called memcpy before calling
        // the getter (callgrind, engine cycles benchmark). Inlined, it does not.
        @inline(__always) get {
            switch id {
            case .taskTimeToLive(let task): timeToLive[task]
            case .stepTimeout(let task): stepTimeout[task]
            case .assignedLifetime(let task): assignedLifetime[task]
            case .retention(let task): retention[task]
            case .reservationTimeout(let reservation): reservationTimeout[reservation]
            case .clockMinute: clockMinute
            }
        }
        set {
            switch id {
            case .taskTimeToLive(let task): timeToLive[task] = newValue
            case .stepTimeout(let task): stepTimeout[task] = newValue
            case .assignedLifetime(let task): assignedLifetime[task] = newValue
            case .retention(let task): retention[task] = newValue
            case .reservationTimeout(let reservation): reservationTimeout[reservation] = newValue
            case .clockMinute: clockMinute = newValue
            }
        }
    }

    @discardableResult
    mutating func removeValue(forKey id: TimerID) -> Int? {
        switch id {
        case .taskTimeToLive(let task): return timeToLive.removeValue(forKey: task)
        case .stepTimeout(let task): return stepTimeout.removeValue(forKey: task)
        case .assignedLifetime(let task): return assignedLifetime.removeValue(forKey: task)
        case .retention(let task): return retention.removeValue(forKey: task)
        case .reservationTimeout(let reservation): return reservationTimeout.removeValue(forKey: reservation)
        case .clockMinute:
            defer { clockMinute = nil }
            return clockMinute
        }
    }

    mutating func move(_ id: TimerID, to position: Int) {
        switch id {
        case .taskTimeToLive(let task): timeToLive.move(task, to: position)
        case .stepTimeout(let task): stepTimeout.move(task, to: position)
        case .assignedLifetime(let task): assignedLifetime.move(task, to: position)
        case .retention(let task): retention.move(task, to: position)
        case .reservationTimeout(let reservation): reservationTimeout.move(reservation, to: position)
        case .clockMinute: clockMinute = position
        }
    }

    var count: Int {
        timeToLive.count + stepTimeout.count + assignedLifetime.count + retention.count + reservationTimeout.count
            + (clockMinute == nil ? 0 : 1)
    }

    mutating func removeAll() {
        self = TimerPositions()
    }

    func checkInvariants() {
        timeToLive.checkInvariants()
        stepTimeout.checkInvariants()
        assignedLifetime.checkInvariants()
        retention.checkInvariants()
        reservationTimeout.checkInvariants()
    }
}

/// The workspace's timers in deadline order.
typealias TimerHeap = PositionedHeap<TimerID, TimerKey, TimerPositions>
