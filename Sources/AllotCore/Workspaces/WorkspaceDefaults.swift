/// The activities and task channels that every new workspace starts with.
public enum WorkspaceDefaults {
    /// Friendly names and availability of the default activities, in
    /// creation order. The first, Offline, is the default and timeout activity.
    public static let activities: [(friendlyName: String, available: Bool)] = [
        ("Offline", false), ("Available", true), ("Unavailable", false),
    ]

    /// Unique names of the default task channels, which are also their friendly names.
    public static let taskChannelNames = ["default", "voice", "sms", "chat", "video"]
}
