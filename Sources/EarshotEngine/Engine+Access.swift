import EarshotCore
import EarshotStore
import Foundation

/// API keys, person sessions, advertisers and who may see what.
extension Engine {
    /// A new credential and the only copy of its token (the store keeps a hash).
    public struct IssuedCredential: Sendable, Encodable {
        public let credential: Credential
        /// Shown once; Earshot cannot show it again.
        public let token: String
    }

    /// Creates an API key or a session for some scopes. Sessions expire after `lifetime`
    /// (default 12 hours); API keys do not expire unless given a lifetime.
    public func issueCredential(kind: Credential.Kind, scopes: [Scope], label: String,
                                lifetime: TimeInterval? = nil) async throws -> IssuedCredential {
        guard !scopes.isEmpty else { throw EngineError.invalid(field: "scopes", message: "give at least one scope") }
        guard label.utf8.count <= 200 else { throw EngineError.invalid(field: "label", message: "must be at most 200 bytes") }
        if kind == .session {
            guard scopes.count == 1 else {
                throw EngineError.invalid(field: "scopes", message: "a session has exactly one person or advertiser scope")
            }
            switch scopes[0] {
            case .person(let p): _ = try await person(p)
            case .advertiser(let a):
                guard try await store.advertisers().contains(where: { $0.id == a }) else { throw EngineError.unknownAdvertiser(a) }
            default: throw EngineError.invalid(field: "scopes", message: "a session has exactly one person or advertiser scope")
            }
        }
        var rng = SystemRandomNumberGenerator()
        let id = Self.hex(count: 6, using: &rng)
        let token = (kind == .apiKey ? "ek_" : "es_") + id + "_" + Self.hex(count: 32, using: &rng)
        let ttl = lifetime ?? (kind == .session ? 12 * 3600 : nil)
        let credential = Credential(id: id, kind: kind, scopes: scopes, label: label, secretHash: SHA256.hex(token.utf8),
                                    createdAt: now, expiresAt: ttl.map { now.addingTimeInterval($0) })
        try await store.saveCredential(credential)
        logger.info("credential issued", metadata: ["kind": "\(kind.rawValue)", "credential": "\(id)"])
        return IssuedCredential(credential: credential, token: token)
    }

    /// The principal behind a token, or nil for an unknown, wrong, expired or revoked token.
    public func authenticate(token: String) async throws -> Principal? {
        guard let id = Credential.id(ofToken: token) else { return nil }
        let credential = try await accessCache.credential(id) { try await store.credential(id) }
        guard let credential, credential.matches(token: token), credential.isActive(at: now) else { return nil }
        return Principal(credential)
    }

    /// Revokes a key or session at once (in this process; other processes within a few seconds).
    public func revokeCredential(_ id: String) async throws {
        guard try await store.revokeCredential(id, at: now) else { throw EngineError.unknownCredential }
        await accessCache.forget(id)
        logger.info("credential revoked", metadata: ["credential": "\(id)"])
    }

    /// Every credential (hashes only), newest first.
    public func credentials() async throws -> [Credential] { try await store.credentials() }

    /// Whether any API key with the operator scope can be used now (production refuses to start without one).
    public func hasActiveOperatorKey() async throws -> Bool {
        try await store.credentials().contains { $0.kind == .apiKey && $0.scopes.contains(.operator) && $0.isActive(at: now) }
    }

    // MARK: Advertisers and campaigns

    public func upsertAdvertisers(_ advertisers: [Advertiser]) async throws {
        try checkBatch(advertisers.count)
        try await store.upsertAdvertisers(advertisers)
        await cache.invalidate()
    }

    public func advertisers() async throws -> [Advertiser] { try await store.advertisers() }

    public func advertiser(_ id: AdvertiserID) async throws -> Advertiser {
        guard let a = try await store.advertisers().first(where: { $0.id == id }) else { throw EngineError.unknownAdvertiser(id) }
        return a
    }

    public func campaign(_ id: CampaignID) async throws -> Campaign {
        guard let c = try await servingSelector().campaign(id) else { throw EngineError.unknownCampaign(id) }
        return c
    }

    /// The owner of a campaign, or nil when it does not exist (for authorization that must not reveal which).
    public func owner(ofCampaign id: CampaignID) async throws -> AdvertiserID? {
        try await servingSelector().campaign(id)?.advertiserID
    }

    public func deleteCampaign(_ id: CampaignID) async throws {
        guard try await store.deleteCampaign(id) else { throw EngineError.unknownCampaign(id) }
        await cache.invalidate()
    }

    private static func hex(count: Int, using rng: inout SystemRandomNumberGenerator) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var out: [UInt8] = []
        for _ in 0..<count {
            let b = UInt8.random(in: 0...255, using: &rng)
            out.append(digits[Int(b >> 4)])
            out.append(digits[Int(b & 15)])
        }
        return String(decoding: out, as: UTF8.self)
    }
}

/// Caches credentials for a few seconds so that authentication does not read the store on every request.
actor AccessCache {
    private var entries: [String: (credential: Credential?, loaded: ContinuousClock.Instant)] = [:]
    private let ttl: Duration = .seconds(5)

    func credential(_ id: String, load: () async throws -> Credential?) async rethrows -> Credential? {
        if let e = entries[id], ContinuousClock.now - e.loaded < ttl { return e.credential }
        let c = try await load()
        if entries.count > 10_000 { entries.removeAll() }
        entries[id] = (c, ContinuousClock.now)
        return c
    }

    func forget(_ id: String) { entries[id] = nil }

    /// Drops every cached credential of a person (after the person is deleted).
    func forget(person: PersonID) { entries = entries.filter { $0.value.credential?.person != person } }
}

extension Engine {
    /// A person's most recent impressions, newest first.
    public func recentImpressions(of id: PersonID, limit: Int = 20) async throws -> [Impression] {
        _ = try await person(id)
        return try await store.impressions(ofPerson: id, limit: limit)
    }

    /// The person's sensitive-content level today, whether it is locked for them, and why.
    public func contentLevel(of id: PersonID) async throws -> (level: SensitiveContentLevel, locked: Bool, reason: String) {
        let p = try await person(id)
        let r = policy.contentLevel(for: p, on: Day(containing: now))
        return (r.level, r.lockedForPerson, r.reason)
    }
}
