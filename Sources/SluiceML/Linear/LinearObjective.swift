import Foundation

/// The smooth part of the objective on standardised rows: the mean loss plus
/// l2/2 · ‖w‖², with its gradient. Parameters are laid out per output as
/// [w₁ … w_d, b]. Computed over row blocks on every core.
struct LinearObjective: Sendable {
    let data: DenseRows
    let labels: [Double]
    let loss: LinearLoss
    let outputs: Int
    let l2: Double
    let threads: Int
    /// Sums the loss and gradient over the workers of a distributed job.
    var collective: any Collective = LocalCollective()

    var parameterCount: Int { outputs * (data.width + 1) }

    /// The value and gradient at `parameters`, over `rows` (all when nil).
    func evaluate(_ parameters: [Double], rows: Range<Int>? = nil) -> (value: Double, gradient: [Double]) {
        let width = data.width, stride = width + 1
        let range = rows ?? 0..<data.rowCount
        let blockSize = 32_768
        let blocks = max(1, (range.count + blockSize - 1) / blockSize)
        let values = SharedBuffer<Double>(repeating: 0, count: blocks)
        let gradients = SharedBuffer<[Double]>(repeating: [], count: blocks)
        let outputs = self.outputs, loss = self.loss
        parallelFor(blocks, threads: range.count < 65_536 ? 1 : threads) { block in
            var gradient = [Double](repeating: 0, count: outputs * stride)
            var total = 0.0
            var margins = [Double](repeating: 0, count: outputs)
            data.values.withUnsafeBufferPointer { x in
                parameters.withUnsafeBufferPointer { w in
                    let start = range.lowerBound + block * blockSize
                    for row in start..<min(range.upperBound, start + blockSize) {
                        let point = x.baseAddress! + row * width
                        for k in 0..<outputs {
                            margins[k] = w[k * stride + width] + dotProduct(w.baseAddress! + k * stride, point, width)
                        }
                        let y = labels[row]
                        switch loss {
                        case .squared:
                            let residual = margins[0] - y
                            total += 0.5 * residual * residual
                            addScaled(residual, point, into: &gradient, at: 0, width: width)
                        case .logistic:
                            let z = margins[0]
                            // log(1 + e^z) − y z, computed stably; e^−|z| also gives the sigmoid.
                            let e = exp(-abs(z))
                            total += max(z, 0) + log1p(e) - y * z
                            let probability = z >= 0 ? 1 / (1 + e) : e / (1 + e)
                            addScaled(probability - y, point, into: &gradient, at: 0, width: width)
                        case .multinomial:
                            let peak = margins.max()!
                            var sum = 0.0
                            for k in 0..<outputs { sum += exp(margins[k] - peak) }
                            total += peak + log(sum) - margins[Int(y)]
                            for k in 0..<outputs {
                                let p = exp(margins[k] - peak) / sum
                                addScaled(p - (Int(y) == k ? 1 : 0), point, into: &gradient, at: k * stride, width: width)
                            }
                        }
                    }
                }
            }
            values[block] = total
            gradients[block] = gradient
        }
        // The mean over every worker's rows.
        let n = collective.sum(Double(range.count))
        var gradient = [Double](repeating: 0, count: parameterCount)
        for block in 0..<blocks {
            let part = gradients[block]
            for index in gradient.indices { gradient[index] += part[index] / n }
        }
        collective.allReduceSum(&gradient)
        var value = collective.sum(values.array.reduce(0, +) / n)
        for k in 0..<outputs {
            for f in 0..<width {
                let w = parameters[k * stride + f]
                value += 0.5 * l2 * w * w
                gradient[k * stride + f] += l2 * w
            }
        }
        return (value, gradient)
    }
}

/// Σ a[i] b[i], four terms at a time.
@inline(__always)
private func dotProduct(_ a: UnsafePointer<Double>, _ b: UnsafePointer<Double>, _ count: Int) -> Double {
    var sums = SIMD4<Double>(repeating: 0)
    var index = 0
    let rawA = UnsafeRawPointer(a), rawB = UnsafeRawPointer(b)
    while index + 4 <= count {
        sums += rawA.loadUnaligned(fromByteOffset: index * 8, as: SIMD4<Double>.self)
            * rawB.loadUnaligned(fromByteOffset: index * 8, as: SIMD4<Double>.self)
        index += 4
    }
    var total = sums.sum()
    while index < count {
        total += a[index] * b[index]
        index += 1
    }
    return total
}

/// gradient[offset + i] += scale · point[i] for the weights, and += scale for the intercept.
@inline(__always)
private func addScaled(_ scale: Double, _ point: UnsafePointer<Double>, into gradient: inout [Double], at offset: Int, width: Int) {
    gradient.withUnsafeMutableBufferPointer { buffer in
        let target = UnsafeMutableRawPointer(buffer.baseAddress! + offset)
        let source = UnsafeRawPointer(point)
        let factor = SIMD4<Double>(repeating: scale)
        var index = 0
        while index + 4 <= width {
            let current = target.loadUnaligned(fromByteOffset: index * 8, as: SIMD4<Double>.self)
            target.storeBytes(of: current + factor * source.loadUnaligned(fromByteOffset: index * 8, as: SIMD4<Double>.self),
                              toByteOffset: index * 8, as: SIMD4<Double>.self)
            index += 4
        }
        while index < width {
            buffer[offset + index] += scale * point[index]
            index += 1
        }
        buffer[offset + width] += scale
    }
}
