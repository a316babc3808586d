import SluiceData
import Testing
@testable import SluiceML

/// The folds of cross-validation are scikit-learn's: the test rows each split of `StratifiedKFold(3)`
/// and `KFold(3)` gives (scikit-learn 1.x, printed once and written here).
@Suite("Cross-validation folds")
struct CrossValidationTests {
    @Test("a class target is dealt out class by class as StratifiedKFold; numbers fall in consecutive blocks as KFold")
    func foldsAsScikitLearn() throws {
        let labels = "aabababbaaacab".map(String.init)
        let classes = try Table(columns: [Column(name: "y", values: .text(labels, missing: MissingMask()))])
        #expect(try CrossValidation.foldRows(of: classes, target: "y", classes: true, folds: 3)
                == [[0, 1, 2, 3, 4], [5, 6, 8, 9, 11], [7, 10, 12, 13]])
        let numbers = try Table(columns: [Column(name: "v", values: .float((0..<10).map(Double.init), missing: MissingMask()))])
        #expect(try CrossValidation.foldRows(of: numbers, target: "v", classes: false, folds: 3) == [[0, 1, 2, 3], [4, 5, 6], [7, 8, 9]])
        #expect(throws: ModelError.invalidParameter("`folds 11` needs at least 11 rows; the table has 10")) {
            try CrossValidation.foldRows(of: numbers, target: nil, classes: false, folds: 11)
        }
        #expect(throws: ModelError.invalidParameter("`folds 9` is more than the 8 rows of the largest class of `y`")) {
            try CrossValidation.foldRows(of: classes, target: "y", classes: true, folds: 9)
        }
    }
}
