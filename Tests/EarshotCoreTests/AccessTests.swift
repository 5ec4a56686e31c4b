import EarshotCore
import Foundation
import Testing

@Suite struct AccessTests {
    @Test(arguments: [
        ("", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"),
        ("abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"),
        ("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq", "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"),
    ])
    func sha256MatchesTheStandardVectors(_ input: String, _ digest: String) {
        #expect(SHA256.hex(input.utf8) == digest)
    }

    @Test func sha256OfAMillionAs() {
        #expect(SHA256.hex(Array(repeating: UInt8(ascii: "a"), count: 1_000_000))
                == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
    }

    @Test func constantTimeComparison() {
        #expect(SHA256.constantTimeEquals(Array("abc".utf8), Array("abc".utf8)))
        #expect(!SHA256.constantTimeEquals(Array("abc".utf8), Array("abd".utf8)))
        #expect(!SHA256.constantTimeEquals(Array("abc".utf8), Array("abcd".utf8)))
    }

    @Test func scopesParseAndPrint() throws {
        for text in ["operator", "ingest", "exchange", "advertiser:acme", "person:ava"] {
            #expect(try Scope(parsing: text).description == text)
        }
        for bad in ["", "admin", "advertiser:", "person", "root:x"] {
            #expect(throws: Scope.ParseError.self) { try Scope(parsing: bad) }
        }
    }

    @Test func credentialsMatchOnlyTheirTokenAndOnlyWhileActive() {
        let token = "ek_0123456789ab_" + String(repeating: "c", count: 64)
        let now = Date(timeIntervalSince1970: 1_780_000_000)
        var c = Credential(id: "0123456789ab", kind: .apiKey, scopes: [.ingest], label: "", secretHash: SHA256.hex(token.utf8),
                           createdAt: now, expiresAt: now.addingTimeInterval(60))
        #expect(Credential.id(ofToken: token) == "0123456789ab")
        #expect(Credential.id(ofToken: "ek_short_x") == nil && Credential.id(ofToken: "Bearer x") == nil)
        #expect(c.matches(token: token))
        #expect(!c.matches(token: String(token.dropLast()) + "d"))
        #expect(c.isActive(at: now) && !c.isActive(at: now.addingTimeInterval(61)))
        c.revokedAt = now
        #expect(!c.isActive(at: now))
    }

    @Test func principalsActOnlyWithinTheirScopes() {
        let ava = Principal(credentialID: "x", kind: .session, scopes: [.person("ava")])
        let acme = Principal(credentialID: "y", kind: .apiKey, scopes: [.advertiser("acme")])
        let op = Principal(credentialID: "z", kind: .apiKey, scopes: [.operator])
        #expect(ava.mayActFor("ava") && !ava.mayActFor("bob") && !ava.mayManage("acme"))
        #expect(acme.mayManage("acme") && !acme.mayManage("other") && !acme.mayActFor("ava") && !acme.has(.ingest))
        #expect(op.mayActFor("anyone") && op.mayManage("anyone") && op.has(.exchange))
    }
}
