import Testing
@testable import SluiceData
@testable import SluiceML

private func matrix(_ columns: [[Float]]) -> FeatureMatrix {
    FeatureMatrix(names: columns.indices.map { "x\($0)" }, columns: columns)
}

@Suite("Linear learner")
struct LinearLearnerTests {
    @Test("least squares without a penalty recovers an exact linear relation")
    func leastSquares() throws {
        let x0: [Float] = [1, 2, 3, 4, 5, 6], x1: [Float] = [2, 1, 0, 1, 2, 5]
        let y = zip(x0, x1).map { 3 + 2 * Double($0) - 0.5 * Double($1) }
        let model = try LinearLearner(parameters: LinearParameters()).fit(matrix([x0, x1]), labels: y, loss: .squared)
        #expect(abs(model.weights[0][0] - 2) < 1e-6 && abs(model.weights[0][1] + 0.5) < 1e-6)
        #expect(abs(model.intercepts[0] - 3) < 1e-6)
        #expect(model.report.converged)
    }

    @Test("L1 zeroes the weight of a feature that does not help (OWL-QN)")
    func sparsity() throws {
        var generator = SeededGenerator(seed: 3)
        let signal = (0..<500).map { _ in Float(generator.nextIndex(below: 1000)) / 1000 }
        let noise = (0..<500).map { _ in Float(generator.nextIndex(below: 1000)) / 1000 }
        let labels = signal.map { $0 > 0.5 ? 1.0 : 0.0 }
        var parameters = LinearParameters()
        parameters.l1 = 0.02
        let model = try LinearLearner(parameters: parameters).fit(matrix([signal, noise]), labels: labels, loss: .logistic)
        #expect(model.weights[0][0] > 1)
        #expect(model.weights[0][1] == 0)
    }

    @Test("softmax probabilities sum to one and pick the right class")
    func multinomial() throws {
        let x: [Float] = [0, 0.2, 0.1, 5, 5.2, 5.1, 10, 10.1, 9.9]
        var parameters = LinearParameters()
        parameters.l2 = 0.001
        let model = try LinearLearner(parameters: parameters).fit(matrix([x]), labels: [0, 0, 0, 1, 1, 1, 2, 2, 2],
                                                                 loss: .multinomial, classCount: 3)
        let probabilities = model.predict(matrix([[0.1, 5, 10]]))
        for row in 0..<3 {
            let slice = Array(probabilities[(row * 3)..<(row * 3 + 3)])
            #expect(abs(slice.reduce(0, +) - 1) < 1e-12)
            #expect(slice.firstIndex(of: slice.max()!) == row)
        }
    }

    @Test("Adam ends near the L-BFGS optimum")
    func adam() throws {
        var generator = SeededGenerator(seed: 9)
        let x = (0..<2000).map { _ in Float(generator.nextIndex(below: 1000)) / 100 }
        let labels = x.map { 1.5 * Double($0) - 4 }
        let exact = try LinearLearner(parameters: LinearParameters()).fit(matrix([x]), labels: labels, loss: .squared)
        var parameters = LinearParameters()
        parameters.optimizer = .adam
        parameters.epochs = 30
        parameters.learningRate = 0.05
        let approximate = try LinearLearner(parameters: parameters).fit(matrix([x]), labels: labels, loss: .squared)
        #expect(abs(approximate.weights[0][0] - exact.weights[0][0]) < 0.02)
    }
}
