import AllotCore
import AllotWire

extension SnapshotRecordMapping {
    static func wire(_ image: SnapshotImage.StatisticsBucket) -> Wire.SnapshotStatisticsBucket {
        Wire.SnapshotStatisticsBucket(
            minute: image.minute, counters: wire(image.counters),
            waitTimes: image.waitTimes.map { bin in
                Wire.SnapshotWaitTimeBin(bin: UInt32(clamping: bin.bin),
                                         reservationsAccepted: UInt32(clamping: bin.reservationsAccepted),
                                         tasksCanceled: UInt32(clamping: bin.tasksCanceled))
            },
            activityDurations: image.activityDurations.map(wire))
    }

    static func image(_ wire: Wire.SnapshotStatisticsBucket) -> SnapshotImage.StatisticsBucket {
        var image = SnapshotImage.StatisticsBucket()
        image.minute = wire.minute
        image.counters = counters(wire.counters)
        // A bin number past Int32 becomes -1, which the restore rejects as out of range.
        image.waitTimes = wire.waitTimes.map { bin in
            SnapshotImage.WaitTimeBin(bin: Int32(exactly: bin.bin) ?? -1, reservationsAccepted: Int64(bin.reservationsAccepted),
                                      tasksCanceled: Int64(bin.tasksCanceled))
        }
        image.activityDurations = wire.activityDurations.map(activityDuration)
        return image
    }
}
