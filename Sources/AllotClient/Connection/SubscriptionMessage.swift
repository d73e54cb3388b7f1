import AllotWire

/// What the reader thread hands to one subscription's consumer.
enum SubscriptionMessage: Sendable {
    /// An event pushed for the subscription.
    case event(Wire.Event)
    /// The subscription ended: the server ended it, the consumer fell more
    /// than `ClientLimits.maximumBufferedEvents` behind, or the connection
    /// was lost. The error says which.
    case ended(AllotError)
}

/// One subscription as the connection returns it: the server's reply and
/// the pushed events, in the order the server sent them.
struct SubscriptionChannel: Sendable {
    /// The server's reply to subscribe_events.
    let subscription: Wire.Subscription
    /// Events and the end of the subscription.
    let messages: AsyncStream<SubscriptionMessage>
}
