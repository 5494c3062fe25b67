/// The shape of one sample's activation: channels × height × width.
///
/// A batch of `n` samples is stored channel-major, `C × N × H × W` (one
/// `N·H·W` row per channel), so a convolution over the whole batch is a
/// single matrix product. With one channel this equals NCHW. Dense layers see
/// `N × features` rows instead (`Flatten` converts).
package struct Shape: Sendable, Equatable, Hashable {
    package var channels: Int
    package var height: Int
    package var width: Int

    /// Values per sample.
    package var count: Int { channels * height * width }
    /// Values per channel plane of one sample.
    package var plane: Int { height * width }

    /// A flat vector of `features` values (height and width 1).
    package init(channels: Int, height: Int, width: Int) {
        self.channels = channels
        self.height = height
        self.width = width
    }

    package static func vector(_ features: Int) -> Shape {
        Shape(channels: features, height: 1, width: 1)
    }
}
