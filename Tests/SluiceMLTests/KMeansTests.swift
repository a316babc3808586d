import Testing
@testable import SluiceData
@testable import SluiceML

@Suite("k-means")
struct KMeansTests {
    @Test("two obvious groups: hand-computed centers, inertia and assignments")
    func twoGroups() throws {
        let features = FeatureMatrix(names: ["x", "y"], columns: [[0, 0, 1, 10, 10, 11], [0, 1, 0, 10, 11, 10]])
        var parameters = KMeansParameters(k: 2)
        parameters.initializations = 3
        let model = try KMeans(parameters: parameters).fit(features)
        let centers = model.centers.sorted { $0[0] < $1[0] }
        #expect(centers[0] == [1.0 / 3, 1.0 / 3])
        #expect(centers[1] == [31.0 / 3, 31.0 / 3])
        // Each point's squared distance to its center: 2/9 + 5/9 + 5/9 per group.
        #expect(abs(model.inertia - 2 * (2.0 / 9 + 5.0 / 9 + 5.0 / 9)) < 1e-12)
        #expect(model.clusterSizes.sorted() == [3, 3])
        let (clusters, distances) = try model.assign(FeatureMatrix(names: ["x", "y"], columns: [[0, 11], [1, 11]]))
        #expect(clusters[0] != clusters[1])
        #expect(abs(distances[0] - (1.0 / 9 + 4.0 / 9).squareRoot()) < 1e-12)
    }

    @Test("Hamerly's bounds give the assignment brute force gives")
    func boundsAgreeWithBruteForce() throws {
        var generator = SeededGenerator(seed: 17)
        let columns = (0..<3).map { _ in (0..<3000).map { _ in Float(generator.nextIndex(below: 10_000)) / 100 } }
        let features = FeatureMatrix(names: ["a", "b", "c"], columns: columns)
        var parameters = KMeansParameters(k: 6)
        parameters.seed = 4
        let model = try KMeans(parameters: parameters).fit(features)
        let (clusters, distances) = try model.assign(features)
        for row in 0..<3000 {
            let all = model.centers.map { center in zip(center, columns.map { Double($0[row]) }).reduce(0) { $0 + ($1.0 - $1.1) * ($1.0 - $1.1) } }
            #expect(all[clusters[row]] == all.min()!)
        }
        #expect(abs(distances.reduce(0) { $0 + $1 * $1 } - model.inertia) < 1e-6 * model.inertia)
        #expect(model.clusterSizes.reduce(0, +) == 3000)
    }

    @Test("missing values and out-of-range parameters are clear errors")
    func errors() {
        let withMissing = FeatureMatrix(names: ["x"], columns: [[1, .nan, 3]])
        #expect(throws: ModelError.self) { try KMeans(parameters: KMeansParameters(k: 2)).fit(withMissing) }
        let small = FeatureMatrix(names: ["x"], columns: [[1, 2]])
        #expect(throws: ModelError.invalidParameter("`k` (3) is more than the 2 rows to cluster")) {
            try KMeans(parameters: KMeansParameters(k: 3)).fit(small)
        }
    }
}
