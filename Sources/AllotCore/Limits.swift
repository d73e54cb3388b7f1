/// Limits on everything a client can send, with the reason for each value.
///
/// Server configuration may lower or raise the ones marked configurable; the
/// values here are the defaults.
public enum Limits {
    /// Maximum length of a worker's or task's attributes document in UTF-8
    /// bytes, whitespace included. TaskRouter documents 4,096 characters; the
    /// byte count is the stricter reading and needs no decoding to check.
    public static let maximumAttributesBytes = 4_096

    /// Maximum nesting of arrays and objects in an attributes document. Real
    /// documents nest three or four levels; the bound keeps the recursive
    /// parser's stack use small and fixed.
    public static let maximumAttributesDepth = 32

    /// Maximum length of one routing expression in UTF-8 bytes. The longest
    /// expression seen in a published production workflow is about 460
    /// bytes; this leaves a wide margin while bounding compile work.
    public static let maximumExpressionBytes = 16_384

    /// Maximum nesting of parentheses in an expression, which bounds the
    /// recursion of the parser and of the evaluator.
    public static let maximumExpressionDepth = 64

    /// Minutes of per-minute statistics buckets each workspace, queue,
    /// workflow and worker keeps, so the oldest start a cumulative
    /// statistics window may have. One day, where TaskRouter keeps 30 days,
    /// because a scope busy in every minute keeps this many buckets of a few
    /// hundred bytes: an estimated 0.3 to 0.5 MB per day, 30 times that for 30 days.
    public static let statisticsRetentionMinutes = 1_440

    /// Maximum look-back of an event list in minutes: 30 days, as far back as
    /// TaskRouter keeps event attributes.
    public static let maximumEventListMinutes = 43_200

    /// Maximum look-back of a cumulative statistics window in minutes: 30
    /// days, as TaskRouter allows. A window that starts before the buckets
    /// kept is accepted and counts what they hold.
    public static let maximumStatisticsWindowMinutes = 43_200

    /// Most wait-time thresholds one cumulative statistics request may
    /// split its counts at. Each threshold adds one pass over the window's
    /// wait-time entries and one entry to the response; ten covers the
    /// service-level tiers of a contact centre.
    public static let maximumWaitTimeThresholds = 10

    /// Maximum length of a list's `Ordering` in UTF-8 bytes, checked before it is
    /// split. Four clauses of the longest form, `VirtualStartTime:desc`,
    /// with commas and spaces take under 100 bytes.
    public static let maximumOrderingBytes = 256

    /// Maximum length of a `PageToken` in UTF-8 bytes, checked before it is decoded. A
    /// token the server made has at most nine parts of 16 hex digits with
    /// its prefix, under 200 bytes.
    public static let maximumPageTokenBytes = 256

    /// Most characters of a comma-separated `SplitByWaitTime` list that the
    /// parser reads: ten thresholds of up to seven digits, commas and spaces.
    public static let maximumWaitTimeThresholdsCharacters = 200
}
