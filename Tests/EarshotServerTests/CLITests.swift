import Foundation
import Testing

/// Runs the real `earshot` binary that `swift test` builds next to the test bundle.
struct CLI {
    static let binary: URL = {
        let runner = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
        var dir = runner.deletingLastPathComponent()
        // On Linux the runner is <build>/debug/EarshotPackageTests.xctest; on macOS it sits inside a bundle.
        while dir.path != "/" && !FileManager.default.fileExists(atPath: dir.appendingPathComponent("earshot").path) {
            dir = dir.deletingLastPathComponent()
        }
        return dir.appendingPathComponent("earshot")
    }()

    let directory: URL

    init() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("earshot-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    }

    struct Result {
        let status: Int32
        let stdout: String
        let stderr: String
    }

    @discardableResult
    func run(_ arguments: [String], stdin: Data? = nil) throws -> Result {
        let p = Process()
        p.executableURL = Self.binary
        p.arguments = arguments
        p.currentDirectoryURL = directory
        let out = Pipe(), err = Pipe(), input = Pipe()
        p.standardOutput = out
        p.standardError = err
        p.standardInput = input
        try p.run()
        if let stdin { input.fileHandleForWriting.write(stdin) }
        try input.fileHandleForWriting.close()
        let o = out.fileHandleForReading.readDataToEndOfFile(), e = err.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return Result(status: p.terminationStatus, stdout: String(decoding: o, as: UTF8.self), stderr: String(decoding: e, as: UTF8.self))
    }

    func write(_ name: String, _ data: Data) throws -> String {
        let url = directory.appendingPathComponent(name)
        try data.write(to: url)
        return url.path
    }
}

@Suite(.serialized) struct CLITests {
    @Test func binaryIsBuilt() {
        #expect(FileManager.default.isExecutableFile(atPath: CLI.binary.path), "expected the earshot binary at \(CLI.binary.path)")
    }

    @Test func ingestReportsBadLinesAppliesGoodOnesAndIsIdempotent() throws {
        let cli = try CLI()
        let yesterday = Date().addingTimeInterval(-86_400).formatted(.iso8601)
        let lines = [
            #"{"type": "person", "id": "cli-ann", "country": "US", "birthDate": "1990-01-01", "settings": {"noticeSentAt": "2025-12-01T00:00:00Z"}}"#,
            #"{"type": "account", "id": "cli-ai", "product": "assistant", "personId": "cli-ann"}"#,
            #"{"type": "account", "id": "cli-social", "product": "social_feed", "personId": "cli-ann"}"#,
            #"{"type": "campaign", "id": "cli-boots", "advertiserId": "gear", "creative": {"headline": "Boots", "body": "", "url": "https://example.com"}, "targetTopics": ["160", "551"], "bidCpm": 5}"#,
            #"{"id": "cli-e1", "accountId": "cli-ai", "surface": "assistant", "kind": "chat_message", "time": "\#(yesterday)", "text": "plan a hiking trip, I need new hiking boots"}"#,
            #"{"id": "cli-e2", "accountId": "cli-ai", "surface": "assistant", "kind": "telepathy", "time": "2026-05-01T10:00:00Z", "text": "secret words"}"#,
            #"{not json"#,
        ]
        var data = Data((lines.joined(separator: "\n") + "\n").utf8)
        data.append(contentsOf: [0x7B, 0xFF, 0x7D, 0x0A])  // invalid UTF-8 on line 8
        let file = try cli.write("world.jsonl", data)
        let first = try cli.run(["ingest", file])
        #expect(first.status == 2)
        #expect(first.stdout.contains("1 recorded"))
        #expect(first.stderr.contains("line 6: kind has an unknown value; expected one of chat_message"))
        #expect(first.stderr.contains("line 7:"))
        #expect(first.stderr.contains("line 8: is not valid UTF-8"))
        #expect(!first.stderr.contains("secret words") && !first.stderr.contains("telepathy"))
        let replay = try cli.run(["ingest", file])
        #expect(replay.stdout.contains("0 recorded, 1 already recorded"))

        let profile = try cli.run(["profile", "cli-ann", "--json"])
        #expect(profile.status == 0)
        #expect(profile.stdout.contains("\"surfaces\"") && profile.stdout.contains("assistant"))
        let ads = try cli.run(["ads", "cli-ann", "--surface", "social_feed"])
        #expect(ads.stdout.contains("Boots"))
        #expect(ads.stdout.contains("why:"))
        let explain = try cli.run(["explain-event", "cli-e1"])
        #expect(explain.stdout.contains("derive_interests: allowed"))
        #expect(!explain.stdout.contains("hiking boots"))
        let forget = try cli.run(["forget", "cli-ann"])
        #expect(forget.stdout.contains("Deleted 1 person"))
        let gone = try cli.run(["profile", "cli-ann"])
        #expect(gone.status != 0)
        #expect(gone.stderr.contains("unknown person"))
    }

    @Test func advertisingCommandsManageCampaignsExplainAdsAndEnrichBidRequests() throws {
        let cli = try CLI()
        let yesterday = Date().addingTimeInterval(-86_400).formatted(.iso8601)
        let world = [
            #"{"type": "person", "id": "cli-bo", "country": "US", "birthDate": "1988-03-04", "settings": {"noticeSentAt": "2025-12-01T00:00:00Z"}}"#,
            #"{"type": "account", "id": "cli-bo-ai", "product": "assistant", "personId": "cli-bo"}"#,
            #"{"type": "account", "id": "cli-bo-social", "product": "social_feed", "personId": "cli-bo"}"#,
            #"{"id": "cli-bo-e1", "accountId": "cli-bo-ai", "surface": "assistant", "kind": "chat_message", "time": "\#(yesterday)", "text": "which hiking boots for a trail in the alps"}"#,
        ].joined(separator: "\n") + "\n"
        #expect(try cli.run(["ingest", try cli.write("world.jsonl", Data(world.utf8))]).status == 0)

        #expect(try cli.run(["advertisers", "add", "--id", "trailco", "--name", "Trail Co"]).status == 0)
        #expect(try cli.run(["advertisers", "list"]).stdout.contains("trailco  Trail Co"))
        let boots = #"{"id": "tc-boots", "advertiserId": "trailco", "advertiserName": "Trail Co", "creative": {"headline": "Trail boots", "body": "", "url": "https://example.com"}, "targetTopics": ["160"], "bidCpm": 4}"#
        let stored = try cli.run(["campaigns", "upsert", "--file", try cli.write("boots.json", Data(boots.utf8))])
        #expect(stored.status == 0 && stored.stdout.contains("tc-boots"))
        #expect(try cli.run(["campaigns", "list", "--advertiser", "trailco"]).stdout.contains("tc-boots  Trail Co [trailco]"))
        #expect(try cli.run(["campaigns", "show", "tc-boots"]).stdout.contains("\"bidCpm\" : 4"))
        let sensitive = #"[{"id": "tc-bad", "advertiserId": "trailco", "creative": {"headline": "x", "body": "", "url": "https://example.com"}, "targetTopics": ["286"], "bidCpm": 4}]"#
        let refused = try cli.run(["campaigns", "upsert", "--file", try cli.write("bad.json", Data(sensitive.utf8))])
        #expect(refused.status != 0 && refused.stderr.contains("campaigns[0]"))
        #expect(try cli.run(["campaigns", "upsert", "--file", try cli.write("broken.json", Data(#"{"id": 7}"#.utf8))]).stderr.contains("id"))

        let ads = try cli.run(["ads", "cli-bo"])
        #expect(ads.stdout.contains("Trail boots"))
        let impression = try #require(ads.stdout.split(separator: " ").first { $0.hasPrefix("imp-") }.map(String.init))
        let why = try cli.run(["why", impression])
        #expect(why.status == 0 && why.stdout.contains("tc-boots") && why.stdout.contains("to change it:"))
        #expect(!why.stdout.contains("hiking boots for a trail"))
        #expect(try cli.run(["click", impression]).status == 0)
        #expect(try cli.run(["why", impression, "--json"]).stdout.contains("\"clicked\" : true"))
        #expect(try cli.run(["why", "imp-missing"]).status != 0)
        let report = try cli.run(["campaigns", "report", "tc-boots"])
        #expect(report.status == 0 && report.stdout.contains("\"suppressed\" : true"))  // one person is below k
        #expect(try cli.run(["campaigns", "reach", "--file", try cli.write("draft.json", Data(boots.utf8))]).stdout == "fewer than 100 people\n")

        let segments = try cli.run(["segments", "cli-bo"])
        #expect(segments.stdout.contains("\"segtax\" : 9") && segments.stdout.contains("\"160\""))
        let bid = #"{"id": "r1", "imp": [{"id": "1"}], "user": {"id": "cli-bo"}}"#
        let enriched = try cli.run(["enrich"], stdin: Data(bid.utf8))
        #expect(enriched.status == 0 && enriched.stdout.contains("\"segtax\":9") && enriched.stdout.contains("\"id\":\"160\""))
        let coppa = #"{"id": "r2", "imp": [{"id": "1"}], "user": {"id": "cli-bo"}, "regs": {"coppa": 1}}"#
        #expect(!(try cli.run(["enrich"], stdin: Data(coppa.utf8)).stdout.contains("earshot")))
        let invalid = try cli.run(["enrich"], stdin: Data(#"{"id": "r3", "user": {"id": "cli-bo"}}"#.utf8))
        #expect(invalid.status == 1 && invalid.stdout.contains("\"nbr\":2") && invalid.stdout.contains("imp:"))
        #expect(!invalid.stdout.contains("cli-bo"))

        #expect(try cli.run(["campaigns", "delete", "tc-boots"]).status == 0)
        #expect(!(try cli.run(["campaigns", "list"]).stdout.contains("tc-boots")))
    }

    @Test func classifyKeepsOrderAndReportsBadLinesInPlace() throws {
        let cli = try CLI()
        var input = Data(#"{"id": 1, "text": "cheap flights to Lisbon"}"#.utf8 + [0x0A])
        input.append(contentsOf: Array("not json\n".utf8))
        input.append(contentsOf: [0x7B, 0xFF, 0x7D, 0x0A])
        input.append(contentsOf: Array(#"{"id": "x", "text": "I want to kill myself"}"#.utf8 + [0x0A]))
        let r = try cli.run(["classify"], stdin: input)
        #expect(r.status == 0)
        let rows = r.stdout.split(separator: "\n").map { try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] }
        #expect(rows.count == 4)
        #expect(rows[0]?["id"] as? Int == 1 && rows[0]?["adEligible"] as? Bool == true)
        #expect(rows[1]?["error"] != nil && rows[2]?["error"] != nil)
        #expect(rows[3]?["id"] as? String == "x" && rows[3]?["crisis"] as? Bool == true)
    }

    @Test func evalCountsOnlyTheLanguagesAskedFor() throws {
        let cli = try CLI()
        let rows = [
            #"{"text": "cheap flights to Lisbon in May", "tier1": ["Travel"], "sensitive": [], "crisis": false, "lang": "en"}"#,
            #"{"text": "billige Flüge nach Lissabon im Mai", "tier1": ["Travel"], "sensitive": [], "crisis": false, "lang": "de"}"#,
            #"{"text": "vuelos baratos a Lisboa en mayo", "tier1": ["Travel"], "sensitive": [], "crisis": false, "lang": "es"}"#,
        ]
        let gold = try cli.write("gold.jsonl", Data((rows.joined(separator: "\n") + "\n").utf8))
        let all = try cli.run(["eval", "--input", gold])
        #expect(all.status == 0 && all.stdout.hasPrefix("3 messages"))
        let some = try cli.run(["eval", "--input", gold, "--languages", "en,es"])
        #expect(some.status == 0 && some.stdout.hasPrefix("2 messages"))
        #expect(!some.stdout.contains("\n  de "))
        let none = try cli.run(["eval", "--input", gold, "--languages", "ko"])
        #expect(none.status != 0 && none.stderr.contains("--languages"))
        let empty = try cli.run(["eval", "--input", gold, "--languages", "en,"])
        #expect(empty.status != 0 && empty.stderr.contains("comma-separated"))
    }

    @Test func prepareDataNamesEachHeldOutRowsSourceAndEvalReportsAndFiltersBySource() throws {
        let cli = try CLI()
        // 80 development-format rows and 80 own rows: the hash holds out about one in ten of each.
        let dev = (0..<80).map { #"{"text": "cheap hotel number \#($0) near the old town", "maps_to": "interest:travel", "iab_tier1": ["Travel"], "lang": "en"}"# }
        let own = (0..<80).map { #"{"text": "schnelles rezept nummer \#($0) für linsensuppe", "labels": ["210"]}"# }
        _ = try cli.write("devset.json", Data((dev.joined(separator: "\n") + "\n").utf8))
        _ = try cli.write("r1-de.jsonl", Data((own.joined(separator: "\n") + "\n").utf8))
        // A file named on the command line need not end in .jsonl: its source is its name without the extension.
        let prep = try cli.run(["prepare-data", "--input", "devset.json", "r1-de.jsonl", "--output", "train.jsonl", "--holdout", "held.jsonl"])
        #expect(prep.status == 0, "\(prep.stderr)")
        let held = try String(contentsOf: cli.directory.appendingPathComponent("held.jsonl"), encoding: .utf8)
        let rows = held.split(separator: "\n").compactMap { try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] }
        let sources = rows.map { $0["source"] as? String }
        #expect(sources.contains("devset") && sources.contains("own"))
        for row in rows {
            let text = row["text"] as? String ?? ""
            #expect(row["source"] as? String == (text.hasPrefix("cheap") ? "devset" : "own"))
            #expect(row["lang"] as? String == (text.hasPrefix("cheap") ? "en" : "de"))
        }
        let all = try cli.run(["eval", "--input", "held.jsonl"])
        #expect(all.status == 0 && all.stdout.contains("per source") && all.stdout.contains("\n  devset "))
        let some = try cli.run(["eval", "--input", "held.jsonl", "--sources", "own"])
        let ownCount = sources.filter { $0 == "own" }.count
        #expect(some.status == 0 && some.stdout.hasPrefix("\(ownCount) messages") && !some.stdout.contains("\n  devset "))
    }

    /// With `--hold-out-translations`, in a file of translations (every language the same rows in the same
    /// order), a sentence is held out with all its translations, so that the holdout measures sentences the
    /// models never saw in any language. A file whose languages differ in size is split row by row, and so
    /// is every file without the flag.
    @Test func prepareDataHoldsOutATranslatedSentenceInEveryLanguage() throws {
        let cli = try CLI()
        func rows(_ lang: String, _ word: String, _ count: Int) -> [String] {
            (0..<count).map { #"{"text": "\#(word) \#($0) ist ein satz", "maps_to": "interest:travel", "iab_tier1": ["Travel"], "lang": "\#(lang)"}"# }
        }
        func heldPositions(_ file: String) throws -> [String: Set<Int>] {
            let held = try String(contentsOf: cli.directory.appendingPathComponent(file), encoding: .utf8)
            var out: [String: Set<Int>] = [:]
            for line in held.split(separator: "\n") {
                let row = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any] ?? [:]
                let text = row["text"] as? String ?? ""
                out[row["lang"] as? String ?? "", default: []].insert(Int(text.split(separator: " ")[1]) ?? -1)
            }
            return out
        }
        let parallel = rows("en", "sentence", 60) + rows("de", "satz", 60) + rows("fr", "phrase", 60)
        _ = try cli.write("parallel.jsonl", Data((parallel.joined(separator: "\n") + "\n").utf8))
        let prep = try cli.run(["prepare-data", "--input", "parallel.jsonl", "--output", "train.jsonl", "--holdout", "held.jsonl",
                                "--hold-out-translations"])
        #expect(prep.status == 0, "\(prep.stderr)")
        let held = try heldPositions("held.jsonl")
        #expect(!(held["en"] ?? []).isEmpty && (held["en"] ?? []).count < 20)
        #expect(held["de"] == held["en"] && held["fr"] == held["en"])
        let train = try String(contentsOf: cli.directory.appendingPathComponent("train.jsonl"), encoding: .utf8)
        #expect(train.split(separator: "\n").count + 3 * (held["en"]?.count ?? 0) == 180)

        // One language short: not a file of translations, so each row is split by its own text.
        let uneven = rows("en", "sentence", 60) + rows("de", "satz", 59)
        _ = try cli.write("uneven.jsonl", Data((uneven.joined(separator: "\n") + "\n").utf8))
        let prep2 = try cli.run(["prepare-data", "--input", "uneven.jsonl", "--output", "train2.jsonl", "--holdout", "held2.jsonl",
                                 "--hold-out-translations"])
        #expect(prep2.status == 0, "\(prep2.stderr)")
        let held2 = try heldPositions("held2.jsonl")
        #expect(!(held2["en"] ?? []).isEmpty && held2["de"] != held2["en"])
        // Without the flag, the parallel file too is split by text (the shipped models' split).
        let prep3 = try cli.run(["prepare-data", "--input", "parallel.jsonl", "--output", "train3.jsonl", "--holdout", "held3.jsonl"])
        #expect(prep3.status == 0, "\(prep3.stderr)")
        let held3 = try heldPositions("held3.jsonl")
        #expect(!(held3["en"] ?? []).isEmpty && held3["de"] != held3["en"])
    }

    /// The screen model's lexicon phrases can be pinned: `--write-phrases` snapshots what the shipped lexicons
    /// give, and `--phrases` spreads a snapshot through the rows exactly as `--with-lexicon-phrases` does.
    @Test func lexiconPhrasesCanBePinnedToASnapshot() throws {
        let cli = try CLI()
        let own = (0..<40).map { #"{"text": "rezept nummer \#($0) für linsensuppe", "labels": ["210"]}"# }
        _ = try cli.write("r1-de.jsonl", Data((own.joined(separator: "\n") + "\n").utf8))
        let live = try cli.run(["prepare-data", "--input", "r1-de.jsonl", "--output", "live.jsonl", "--with-lexicon-phrases",
                                "--write-phrases", "phrases.jsonl"])
        #expect(live.status == 0, "\(live.stderr)")
        let pinned = try cli.run(["prepare-data", "--input", "r1-de.jsonl", "--output", "pinned.jsonl", "--phrases", "phrases.jsonl"])
        #expect(pinned.status == 0, "\(pinned.stderr)")
        func file(_ name: String) throws -> String {
            try String(contentsOf: cli.directory.appendingPathComponent(name), encoding: .utf8)
        }
        let phrases = try file("phrases.jsonl").split(separator: "\n")
        #expect(phrases.count > 1_000)  // every guard and every interest term of weight 0.6 or more
        #expect(try file("pinned.jsonl") == file("live.jsonl"))
        #expect(try file("pinned.jsonl").split(separator: "\n").count == 40 + phrases.count)

        _ = try cli.write("broken.jsonl", Data(#"{"text": "ok", "labels": []}\#n{"text": 3}\#n"#.utf8))
        let bad = try cli.run(["prepare-data", "--input", "r1-de.jsonl", "--output", "x.jsonl", "--phrases", "broken.jsonl"])
        #expect(bad.status != 0 && bad.stderr.contains("broken.jsonl line 2"))
        let both = try cli.run(["prepare-data", "--input", "r1-de.jsonl", "--output", "x.jsonl", "--phrases", "phrases.jsonl",
                                "--with-lexicon-phrases"])
        #expect(both.status != 0 && both.stderr.contains("give one"))
    }

    @Test func serveRefusesToStartWithoutKeysAndValidatesItsConfiguration() throws {
        let cli = try CLI()
        let noKeys = try cli.run(["serve", "--port", "0", "--database", "k.sqlite"])
        #expect(noKeys.status != 0 && noKeys.stderr.contains("no operator API key"))

        try Data(#"{"port": 70000, "logFormat": "xml", "colour": "red"}"#.utf8).write(to: cli.directory.appendingPathComponent("bad.json"))
        let bad = try cli.run(["serve", "--config", "bad.json", "--database", "k.sqlite"])
        #expect(bad.status != 0)
        #expect(bad.stderr.contains("port: must be") && bad.stderr.contains("logFormat: must be") && bad.stderr.contains("unknown key colour"))
    }

    @Test func keysAreCreatedListedAndRevokedWithoutShowingSecrets() throws {
        let cli = try CLI()
        let created = try cli.run(["keys", "create", "--scope", "ingest", "--label", "checkout app", "--database", "k.sqlite"])
        #expect(created.status == 0)
        let token = try #require(created.stdout.split(separator: "\n").last.map(String.init))
        #expect(token.hasPrefix("ek_"))
        let id = String(token.split(separator: "_")[1])
        let listed = try cli.run(["keys", "list", "--database", "k.sqlite"])
        #expect(listed.stdout.contains(id) && listed.stdout.contains("active") && !listed.stdout.contains(token))
        #expect(try cli.run(["keys", "revoke", id, "--database", "k.sqlite"]).status == 0)
        #expect(try cli.run(["keys", "list", "--database", "k.sqlite"]).stdout.contains("revoked"))
        let again = try cli.run(["keys", "revoke", id, "--database", "k.sqlite"])
        #expect(again.status != 0 && again.stderr.contains("unknown or already revoked"))
        let person = try cli.run(["keys", "create", "--scope", "person:ava", "--database", "k.sqlite"])
        #expect(person.status != 0 && person.stderr.contains("sessions"))
    }

    @Test func serveShutsDownGracefullyOnSIGTERM() throws {
        let cli = try CLI()
        #expect(try cli.run(["keys", "create", "--scope", "operator", "--database", "s.sqlite"]).status == 0)
        let p = Process()
        p.executableURL = CLI.binary
        p.currentDirectoryURL = cli.directory
        p.arguments = ["serve", "--port", "0", "--database", "s.sqlite"]
        let out = Pipe(), err = Pipe()
        p.standardOutput = out
        p.standardError = err
        try p.run()
        // Wait (bounded) for the "listening" line, then ask it to stop.
        var seen = ""
        let deadline = Date().addingTimeInterval(30)
        while !seen.contains("listening on") && Date() < deadline {
            let chunk = out.fileHandleForReading.availableData
            if chunk.isEmpty { break }
            seen += String(decoding: chunk, as: UTF8.self)
        }
        #expect(seen.contains("Earshot is listening on http://127.0.0.1:"))
        p.terminate()  // SIGTERM
        let stopBy = Date().addingTimeInterval(10)
        while p.isRunning && Date() < stopBy { Thread.sleep(forTimeInterval: 0.05) }
        #expect(!p.isRunning)
        if p.isRunning { kill(p.processIdentifier, SIGKILL) } else {
            #expect(p.terminationReason == .exit && p.terminationStatus == 0)
        }
        // Logs are JSON objects, one a line.
        let logs = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        let lines = logs.split(separator: "\n").filter { $0.hasPrefix("{") }
        #expect(!lines.isEmpty)
        for line in lines {
            let object = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any]
            #expect(object?["level"] != nil && object?["message"] != nil)
        }
    }
}
