import ArgumentParser
import EarshotCore
import EarshotEngine
import Foundation

struct IngestCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ingest",
        abstract: "Load a JSON Lines file of people, accounts, campaigns, feed items and events.",
        discussion: """
            Each line is one JSON object. A "type" field says what it is: person, account, campaign, \
            feed_item or event (the default). Valid lines are applied; invalid lines are reported with \
            their line number and field, and the command then exits with status 2. Replaying a file \
            changes nothing: event ids are idempotency keys.
            """)

    @OptionGroup var store: StoreOptions
    @Argument(help: "The JSON Lines file.") var file: String
    @Option(help: "Events per transaction.") var batchSize = 500

    func run() async throws {
        let engine = try store.engine()
        guard let data = FileManager.default.contents(atPath: file) else {
            throw CLIError("cannot read \(file)")
        }
        var reader = JSONLinesReader(data: data)
        let progress = Progress(total: data.count, label: "ingest")
        var report = IngestReport()
        var counts = (people: 0, accounts: 0, campaigns: 0, items: 0)
        var pendingEvents: [(line: Int, event: InteractionEvent)] = []

        func flush() async throws {
            guard !pendingEvents.isEmpty else { return }
            var r = try await engine.ingest(pendingEvents.map(\.event))
            r.rejected = r.rejected.map { var x = $0; x.index = pendingEvents[x.index].line; return x }
            report.merge(r)
            pendingEvents.removeAll()
        }

        while let line = reader.next() {
            progress.update(done: reader.offset, count: reader.lineNumber)
            switch line.decode() {
            case .failure(let rejection):
                report.rejected.append(rejection)
            case .success(let item):
                do {
                    switch item {
                    case .person(let p): try await engine.upsertPeople([p]); counts.people += 1
                    case .account(let a): try await engine.upsertAccounts([a]); counts.accounts += 1
                    case .campaign(let c): try await engine.upsertCampaigns([c]); counts.campaigns += 1
                    case .feedItem(let i): try await engine.upsertFeedItems([i]); counts.items += 1
                    case .event(let e):
                        pendingEvents.append((line.number, e))
                        if pendingEvents.count >= batchSize { try await flush() }
                    }
                } catch let e as EngineError {
                    report.rejected.append(.init(index: line.number, eventID: nil, field: e.field, message: e.description))
                }
            }
        }
        try await flush()
        progress.finish()
        report.rejected.sort { $0.index < $1.index }
        for r in report.rejected {
            FileHandle.standardError.write(Data("line \(r.index): \(r.message)\n".utf8))
        }
        print("""
            \(file): \(reader.lineNumber) lines; \(counts.people) people, \(counts.accounts) accounts, \
            \(counts.campaigns) campaigns, \(counts.items) feed items; events: \(report.recorded) recorded, \
            \(report.duplicates) already recorded, \(report.rejected.count) lines rejected
            """)
        if !report.rejected.isEmpty { throw ExitCode(2) }
    }
}
