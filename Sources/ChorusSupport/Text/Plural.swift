/// Counts with their noun in the right number: "1 round", "3 rounds".
package enum Plural {
    package static func count(_ value: Int, _ noun: String) -> String {
        "\(value) \(noun)\(value == 1 ? "" : "s")"
    }
}
