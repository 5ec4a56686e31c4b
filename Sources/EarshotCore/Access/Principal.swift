/// Who is calling: the scopes of the credential that authenticated a request.
public struct Principal: Sendable, Hashable {
    public let credentialID: String
    public let kind: Credential.Kind
    public let scopes: Set<Scope>

    public init(credentialID: String, kind: Credential.Kind, scopes: Set<Scope>) {
        self.credentialID = credentialID
        self.kind = kind
        self.scopes = scopes
    }

    public init(_ credential: Credential) {
        self.init(credentialID: credential.id, kind: credential.kind, scopes: Set(credential.scopes))
    }

    public var isOperator: Bool { scopes.contains(.operator) }

    /// Operator, or the person themself.
    public func mayActFor(_ person: PersonID) -> Bool { isOperator || scopes.contains(.person(person)) }

    /// Operator, or the advertiser itself.
    public func mayManage(_ advertiser: AdvertiserID) -> Bool { isOperator || scopes.contains(.advertiser(advertiser)) }

    /// Holds this scope, or is the operator (who may do everything a scoped key may).
    public func has(_ scope: Scope) -> Bool { isOperator || scopes.contains(scope) }

    /// The advertisers this principal manages (empty for the operator, who manages all).
    public var advertisers: [AdvertiserID] {
        scopes.compactMap { if case .advertiser(let a) = $0 { a } else { nil } }.sorted()
    }

    /// The person of a person session, if any.
    public var person: PersonID? {
        for case .person(let p) in scopes { return p }
        return nil
    }
}
