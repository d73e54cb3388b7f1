import AllotCore
import AllotWire

extension SnapshotRecordMapping {
    static func wire(_ image: SnapshotImage.StatisticsBucket) -> Wire.SnapshotStatisticsBucket {
        Wire.SnapshotStatisticsBucket(
            minute: image.minute, counters: wire(image.counters), waitTimes: image.waitTimes.map(wire),
            activityDurations: image.activityDurations.map(wire),
            channels: image.channels.map { figures in
                Wire.SnapshotChannelFigures(channel: figures.channel, counters: wire(figures.counters),
                                            waitTimes: figures.waitTimes.map(wire))
            })
    }

    private static func wire(_ bin: SnapshotImage.WaitTimeBin) -> Wire.SnapshotWaitTimeBin {
        Wire.SnapshotWaitTimeBin(bin: UInt32(clamping: bin.bin), reservationsAccepted: UInt32(clamping: bin.reservationsAccepted),
                                 tasksCanceled: UInt32(clamping: bin.tasksCanceled))
    }

    /// Converts a stored bin. A bin number past Int32 becomes -1, which the restore
    /// rejects as out of range.
    private static func bin(_ wire: Wire.SnapshotWaitTimeBin) -> SnapshotImage.WaitTimeBin {
        SnapshotImage.WaitTimeBin(bin: Int32(exactly: wire.bin) ?? -1, reservationsAccepted: Int64(wire.reservationsAccepted),
                                  tasksCanceled: Int64(wire.tasksCanceled))
    }

    static func image(_ wire: Wire.SnapshotStatisticsBucket) -> SnapshotImage.StatisticsBucket {
        var image = SnapshotImage.StatisticsBucket()
        image.minute = wire.minute
        image.counters = counters(wire.counters)
        image.waitTimes = wire.waitTimes.map(bin)
        image.activityDurations = wire.activityDurations.map(activityDuration)
        image.channels = wire.channels.map { wire in
            var figures = SnapshotImage.ChannelFigures()
            figures.channel = wire.channel
            figures.counters = counters(wire.counters)
            figures.waitTimes = wire.waitTimes.map(bin)
            return figures
        }
        return image
    }
}
