/// Group normalisation's loops, one sample per task: statistics per
/// (sample, group), then the normalised and affine outputs; backward the
/// per-channel parameter gradients, then the input gradient per group.
extension GroupNorm {
    /// Normalises the first `batch` samples of `input` into `output`, keeping x̂ and 1/σ for backward.
    func normalize(_ input: Tensor, batch: Int, parameters: TensorSlice) {
        input.withUnsafeValues { x in
            parameters.withUnsafeValues { p in
                output.withUnsafeValues { y in
                    normalized.withUnsafeValues { xHat in
                        inverseDeviation.withUnsafeValues { inverse in
                            normalize(UnsafePointer(x), batch: batch, scale: UnsafePointer(p), output: y, normalized: xHat,
                                      inverseDeviation: inverse)
                        }
                    }
                }
            }
        }
    }

    private func normalize(_ x: UnsafePointer<Float>, batch: Int, scale: UnsafePointer<Float>, output y: UnsafeMutablePointer<Float>,
                           normalized xHat: UnsafeMutablePointer<Float>, inverseDeviation inverse: UnsafeMutablePointer<Float>) {
        let (plane, perGroup, groups) = (shape.plane, channelsPerGroup, groups)
        let columns = batch * plane
        let count = Float(perGroup * plane)
        let shift = scale + shape.channels
        Parallel.forEach(batch) { sample in
            for group in 0..<groups {
                let channels = (group * perGroup)..<((group + 1) * perGroup)
                var mean: Float = 0
                for c in channels { mean += Kernels.sum(x + c * columns + sample * plane, count: plane) }
                mean /= count
                var variance: Float = 0
                for c in channels {
                    let row = x + c * columns + sample * plane
                    for i in 0..<plane { variance += (row[i] - mean) * (row[i] - mean) }
                }
                variance /= count
                let invSigma = 1 / (variance + Self.epsilon).squareRoot()
                inverse[sample * groups + group] = invSigma
                for c in channels {
                    let offset = c * columns + sample * plane
                    for i in 0..<plane {
                        let normal = (x[offset + i] - mean) * invSigma
                        xHat[offset + i] = normal
                        y[offset + i] = normal * scale[c] + shift[c]
                    }
                }
            }
        }
    }

    /// `γ` gradients `Σ dy·x̂` and `β` gradients `Σ dy` per channel.
    func parameterGradients(_ outputGradient: Tensor, batch: Int, into gradients: TensorSlice) {
        let columns = batch * shape.plane
        outputGradient.withUnsafeValues { dy in
            normalized.withUnsafeValues { xHat in
                gradients.withUnsafeValues { g in
                    for c in 0..<shape.channels {
                        g[c] = Kernels.dot(dy + c * columns, xHat + c * columns, count: columns)
                        g[shape.channels + c] = Kernels.sum(dy + c * columns, count: columns)
                    }
                }
            }
        }
    }

    /// The input gradient from the x̂ and 1/σ of the last `normalize`.
    func normalizationGradient(_ outputGradient: Tensor, batch: Int, parameters: TensorSlice, into inputGradient: Tensor) {
        outputGradient.withUnsafeValues { dy in
            parameters.withUnsafeValues { scale in
                normalized.withUnsafeValues { xHat in
                    inverseDeviation.withUnsafeValues { inverse in
                        inputGradient.withUnsafeValues { dx in
                            normalizationGradient(UnsafePointer(dy), batch: batch, scale: UnsafePointer(scale),
                                                  normalized: UnsafePointer(xHat), inverseDeviation: UnsafePointer(inverse), into: dx)
                        }
                    }
                }
            }
        }
    }

    private func normalizationGradient(_ dy: UnsafePointer<Float>, batch: Int, scale: UnsafePointer<Float>,
                                       normalized xHat: UnsafePointer<Float>, inverseDeviation inverse: UnsafePointer<Float>,
                                       into dx: UnsafeMutablePointer<Float>) {
        let (plane, perGroup, groups) = (shape.plane, channelsPerGroup, groups)
        let columns = batch * plane
        let count = Float(perGroup * plane)
        Parallel.forEach(batch) { sample in
            for group in 0..<groups {
                let channels = (group * perGroup)..<((group + 1) * perGroup)
                // With g = dy·γ: dx = (1/σ)(g − mean(g) − x̂·mean(g·x̂)).
                var sumG: Float = 0, sumGX: Float = 0
                for c in channels {
                    let offset = c * columns + sample * plane
                    sumG += scale[c] * Kernels.sum(dy + offset, count: plane)
                    sumGX += scale[c] * Kernels.dot(dy + offset, xHat + offset, count: plane)
                }
                let (meanG, meanGX) = (sumG / count, sumGX / count)
                let invSigma = inverse[sample * groups + group]
                for c in channels {
                    let offset = c * columns + sample * plane
                    for i in 0..<plane {
                        dx[offset + i] = invSigma * (dy[offset + i] * scale[c] - meanG - xHat[offset + i] * meanGX)
                    }
                }
            }
        }
    }
}
