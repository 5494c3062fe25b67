/// The few protocol-buffer wire rules a checkpoint index needs: a field tag,
/// then a varint (type 0), a fixed32/fixed64 (types 5 and 1) or a
/// length-delimited run (type 2). Groups (types 3 and 4) are refused.
enum Protobuf {
    /// The next field's number and, for a scalar, its value; for a
    /// length-delimited field the value is nil and the cursor stands at its length.
    static func field(_ cursor: inout CheckpointCursor, field: String) throws(EncoderError) -> (number: UInt64, scalar: UInt64?) {
        let tag = try cursor.varint(field: field)
        switch tag & 7 {
        case 0: return (tag >> 3, try cursor.varint(field: field))
        case 1: return (tag >> 3, try cursor.fixed(UInt64.self, field: field))
        case 5: return (tag >> 3, UInt64(try cursor.fixed(UInt32.self, field: field)))
        case 2: return (tag >> 3, nil)
        default: throw .corrupt(path: cursor.path, field: field, reason: "has protobuf wire type \(tag & 7), which a checkpoint does not use")
        }
    }

    /// The bytes of a length-delimited field whose tag was just read.
    static func lengthDelimited(_ cursor: inout CheckpointCursor, field: String) throws(EncoderError) -> ArraySlice<UInt8> {
        let length = try cursor.count(field: field, limit: Int(Int32.max))
        return try cursor.take(length, field: field)
    }

    /// A `TensorShapeProto`: repeated `dim` (field 2) messages with `size` (field 1).
    static func shape(_ bytes: ArraySlice<UInt8>, path: String, field: String, maximumRank: Int,
                      maximumElements: Int) throws(EncoderError) -> [Int] {
        var cursor = CheckpointCursor(bytes, path: path)
        var dims: [Int] = []
        var elements = 1
        while !cursor.isAtEnd {
            let (number, scalar) = try Self.field(&cursor, field: field)
            guard scalar == nil else { continue }
            let inner = try lengthDelimited(&cursor, field: field)
            guard number == 2 else { continue }
            var dimCursor = CheckpointCursor(inner, path: path)
            var size = 0
            while !dimCursor.isAtEnd {
                let (dimNumber, dimScalar) = try Self.field(&dimCursor, field: field)
                if dimNumber == 1, let dimScalar {
                    guard dimScalar <= UInt64(maximumElements) else {
                        throw .corrupt(path: path, field: field, reason: "has a dimension of \(dimScalar), expected at most \(maximumElements)")
                    }
                    size = Int(dimScalar)
                } else if dimScalar == nil {
                    _ = try lengthDelimited(&dimCursor, field: field)
                }
            }
            let (product, overflow) = elements.multipliedReportingOverflow(by: size)
            guard dims.count < maximumRank, !overflow, product <= maximumElements else {
                throw .corrupt(path: path, field: field, reason: "exceeds rank \(maximumRank) or \(maximumElements) elements")
            }
            elements = product
            dims.append(size)
        }
        return dims
    }
}
