extension Table {
    /// The first of each set of equal rows, in their order; missing values equal each other.
    public func distinctRows() -> Table {
        gathering(Self.groupNumbers(of: columns, rowCount: rowCount).firstRows)
    }
}
