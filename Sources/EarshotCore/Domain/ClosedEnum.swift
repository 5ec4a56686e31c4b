/// Decodes a string enum, failing with a message that lists the accepted values and does not echo
/// the rejected one.
public func decodeClosedEnum<E: RawRepresentable & CaseIterable>(_ decoder: any Decoder) throws -> E
where E.RawValue == String {
    let container = try decoder.singleValueContainer()
    let raw = try container.decode(String.self)
    guard let value = E(rawValue: raw) else {
        let allowed = E.allCases.map(\.rawValue).joined(separator: ", ")
        throw DecodingError.dataCorruptedError(in: container, debugDescription: "has an unknown value; expected one of \(allowed)")
    }
    return value
}
