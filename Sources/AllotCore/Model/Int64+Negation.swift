extension Int64 {
    /// The negation, with `Int64.min`, which has none, mapped to `Int64.max`.
    /// Descending sort keys negate instants, and a clock at the start of
    /// `Int64` gives `Int64.min`. That value then ties with `Int64.min + 1`,
    /// and the later components of the key order the two.
    var saturatingNegation: Int64 {
        self == Int64.min ? Int64.max : -self
    }
}
