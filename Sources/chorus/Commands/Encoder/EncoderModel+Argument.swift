import ArgumentParser
import ML

extension EncoderModel: ExpressibleByArgument {}
