import Foundation

/// A stored API key or person session. Only a hash of the secret token is kept.
///
/// Tokens look like `ek_<id>_<secret>` (API keys) or `es_<id>_<secret>` (sessions): the id finds the
/// row, and the SHA-256 of the whole token is compared in constant time.
public struct Credential: Sendable, Hashable, Codable {
    /// API keys are long-lived and revocable; sessions expire.
    public enum Kind: String, Sendable, Hashable, Codable, CaseIterable {
        case apiKey = "api_key"
        case session
    }

    /// The public part of the token (12 lower-case hex digits).
    public var id: String
    public var kind: Kind
    public var scopes: [Scope]
    /// The operator's note ("checkout app", "acme agency"); never a secret.
    public var label: String
    /// Lower-case hex SHA-256 of the whole token.
    public var secretHash: String
    public var createdAt: Date
    public var expiresAt: Date?
    public var revokedAt: Date?

    public init(id: String, kind: Kind, scopes: [Scope], label: String, secretHash: String, createdAt: Date,
                expiresAt: Date? = nil, revokedAt: Date? = nil) {
        self.id = id
        self.kind = kind
        self.scopes = scopes
        self.label = label
        self.secretHash = secretHash
        self.createdAt = createdAt
        self.expiresAt = expiresAt
        self.revokedAt = revokedAt
    }

    /// The person a session or person-scoped key belongs to, if any.
    public var person: PersonID? {
        for case .person(let p) in scopes { return p }
        return nil
    }

    /// Whether the credential may be used at a moment.
    public func isActive(at now: Date) -> Bool {
        revokedAt == nil && (expiresAt.map { now < $0 } ?? true)
    }

    /// The id part of a token, or nil when the token does not have the expected shape.
    public static func id(ofToken token: String) -> String? {
        let parts = token.split(separator: "_", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0] == "ek" || parts[0] == "es", parts[1].utf8.count == 12,
              parts[2].utf8.count == 64 else { return nil }
        return String(parts[1])
    }

    /// Whether a presented token is this credential's (constant-time on the hash).
    public func matches(token: String) -> Bool {
        SHA256.constantTimeEquals(Array(SHA256.hex(token.utf8).utf8), Array(secretHash.utf8))
    }
}
