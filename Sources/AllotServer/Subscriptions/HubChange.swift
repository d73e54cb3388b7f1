/// The changes of a hub operation that the registry must mirror.
struct HubChange: Sendable {
    /// Subscriptions the hub ended, by connection ID and subscription ID.
    var endedSubscriptions: [(connectionID: UInt64, subscriptionID: UInt64)] = []
    /// True when the hub took its last subscriber away and accepts no more.
    var retired = false
}
