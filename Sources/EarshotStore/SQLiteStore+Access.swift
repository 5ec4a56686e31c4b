import EarshotCore
import Foundation
import GRDB

/// Advertisers, campaign deletion and credentials (API keys and sessions, hashed).
extension SQLiteStore {
    public func deleteCampaign(_ id: CampaignID) async throws -> Bool {
        try await write { db in
            try db.execute(sql: "DELETE FROM campaigns WHERE id = ?", arguments: [id.rawValue])
            return db.changesCount > 0
        }
    }

    public func upsertAdvertisers(_ advertisers: [Advertiser]) async throws {
        let rows = try advertisers.map { ($0.id.rawValue, try Self.json($0)) }
        try await write { db in
            for (id, body) in rows {
                try db.execute(sql: "INSERT OR REPLACE INTO advertisers (id, body) VALUES (?, ?)", arguments: [id, body])
            }
        }
    }

    public func advertisers() async throws -> [Advertiser] {
        let bodies = try await read { db in try String.fetchAll(db, sql: "SELECT body FROM advertisers ORDER BY id") }
        return try bodies.map { try Self.value(Advertiser.self, $0) }
    }

    public func saveCredential(_ credential: Credential) async throws {
        let body = try Self.json(credential)
        try await write { db in
            if try Bool.fetchOne(db, sql: "SELECT 1 FROM credentials WHERE id = ?", arguments: [credential.id]) == true {
                throw StoreError("a credential with this id exists already")
            }
            try db.execute(sql: "INSERT INTO credentials (id, person_id, created, body) VALUES (?, ?, ?, ?)",
                           arguments: [credential.id, credential.person?.rawValue, credential.createdAt.timeIntervalSince1970, body])
        }
    }

    public func credential(_ id: String) async throws -> Credential? {
        let body = try await read { db in
            try String.fetchOne(db, sql: "SELECT body FROM credentials WHERE id = ?", arguments: [id])
        }
        return try body.map { try Self.value(Credential.self, $0) }
    }

    public func credentials() async throws -> [Credential] {
        let bodies = try await read { db in
            try String.fetchAll(db, sql: "SELECT body FROM credentials ORDER BY created DESC, id DESC")
        }
        return try bodies.map { try Self.value(Credential.self, $0) }
    }

    public func revokeCredential(_ id: String, at time: Date) async throws -> Bool {
        try await write { db in
            guard let body = try String.fetchOne(db, sql: "SELECT body FROM credentials WHERE id = ?", arguments: [id]) else {
                return false
            }
            var credential = try Self.value(Credential.self, body)
            guard credential.revokedAt == nil else { return false }
            credential.revokedAt = time
            try db.execute(sql: "UPDATE credentials SET body = ? WHERE id = ?", arguments: [try Self.json(credential), id])
            return true
        }
    }

    public func registerExchangeUsers(_ users: [ExchangeUser]) async throws {
        try await write { db in
            for u in users {
                try db.execute(sql: "INSERT OR REPLACE INTO exchange_users (id, person_id) VALUES (?, ?)",
                               arguments: [u.id, u.personID.rawValue])
            }
        }
    }

    public func person(forExchangeUser id: String) async throws -> PersonID? {
        try await read { db in
            try String.fetchOne(db, sql: "SELECT person_id FROM exchange_users WHERE id = ?", arguments: [id]).map { PersonID($0) }
        }
    }

    public func exchangeUsers(of person: PersonID) async throws -> [ExchangeUser] {
        try await read { db in
            try String.fetchAll(db, sql: "SELECT id FROM exchange_users WHERE person_id = ? ORDER BY id", arguments: [person.rawValue])
                .map { ExchangeUser(id: $0, personID: person) }
        }
    }
}
