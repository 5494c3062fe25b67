/// The shape of one sample's activation: channels × height × width.
///
/// A batch of `n` samples is stored channel-major, `C × N × H × W` (one
/// `N·H·W` row per channel), so a convolution over the whole batch is a
/// single matrix product. With one channel this equals NCHW. Dense layers see
/// `N × features` rows instead (`Flatten` converts).
struct Shape: Sendable, Equatable, Hashable {
    var channels: Int
    var height: Int
    var width: Int

    /// Values per sample.
    var count: Int { channels * height * width }
    /// Values per channel plane of one sample.
    var plane: Int { height * width }

    /// A flat vector of `features` values (height and width 1).
    static func vector(_ features: Int) -> Shape {
        Shape(channels: features, height: 1, width: 1)
    }
}
