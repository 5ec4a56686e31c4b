import ArgumentParser
import EarshotCore
import EarshotEngine
import Foundation

struct ProfileCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "profile", abstract: "Show a person's interests from AI interactions, with surfaces and dates.")
    @OptionGroup var store: StoreOptions
    @Argument(help: "Person id.") var person: String
    @Flag(help: "Print JSON.") var json = false

    func run() async throws {
        try await runReportingErrors {
            let view = try await store.engine().profile(PersonID(person))
            if json { return try Output.json(view) }
            print("Interests of \(person) as of \(Output.date(view.asOf)) (half-life \(Int(view.halfLifeDays)) days):")
            if view.interests.isEmpty { print("  none") }
            for i in view.interests {
                let e = i.evidence
                print(String(format: "  %.3f  %@ [%@]  from %@, %@ to %@, %d event(s)%@", e.score, e.name, e.topicID.rawValue,
                             e.surfaces.map(\.rawValue).joined(separator: ", "), Output.date(e.firstSeen),
                             Output.date(e.lastSeen), e.eventCount, i.adEligible ? "" : "  (not used for ads)"))
            }
        }
    }
}

struct AdsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ads", abstract: "Choose ads for a person on a surface, with the reasons (never text).")
    @OptionGroup var store: StoreOptions
    @Argument(help: "Person id.") var person: String
    @Option(help: "Ad surface, e.g. social_feed or photo_feed.") var surface = "social_feed"
    @Option(help: "Number of ad slots (1-10).") var slots = 3
    @Flag(help: "Print JSON.") var json = false

    func run() async throws {
        try await runReportingErrors {
            let r = try await store.engine().ads(for: PersonID(person), surface: Surface(surface), slots: slots)
            if json { return try Output.json(r) }
            print(r.targeted ? "Ads for \(person) on \(surface), targeted with AI-derived interests:"
                : "Ads for \(person) on \(surface), contextual only (\(r.decision.denials.map(\.reason).joined(separator: "; "))):")
            if r.ads.isEmpty { print("  none") }
            for (i, ad) in r.ads.enumerated() {
                print(String(format: "  %d. %@ — %@ (score %.3f, price %.2f CPM)", i + 1, ad.advertiserName,
                             ad.creative.headline, ad.score, ad.priceCPM))
                print("     why: \(ad.explanation.summary)")
                if let id = ad.impressionID { print("     impression \(id) (earshot why \(id))") }
            }
        }
    }
}

struct FeedCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "feed", abstract: "Rank the feed for a person.")
    @OptionGroup var store: StoreOptions
    @Argument(help: "Person id.") var person: String
    @Option(help: "Feed surface.") var surface = "social_feed"
    @Option(help: "Number of items (1-100).") var limit = 10
    @Flag(help: "Print JSON.") var json = false

    func run() async throws {
        try await runReportingErrors {
            let r = try await store.engine().feed(for: PersonID(person), surface: Surface(surface), limit: limit)
            if json { return try Output.json(r) }
            print("Feed for \(person) on \(surface)\(r.personalized ? "" : " (not personalized)")\(r.strict ? " (strict content)" : ""):")
            for (i, e) in r.items.enumerated() {
                print("  \(i + 1). [\(e.item.kind.rawValue)] \(e.item.title) by \(e.item.author) — \(e.explanation.summary)")
            }
        }
    }
}

struct ExplainEventCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "explain-event", abstract: "Say what happened to an event and why.")
    @OptionGroup var store: StoreOptions
    @Argument(help: "Event id.") var event: String
    @Flag(help: "Print JSON.") var json = false

    func run() async throws {
        try await runReportingErrors {
            let x = try await store.engine().explainEvent(EventID(event))
            if json { return try Output.json(x) }
            print("Event \(x.eventID) from account \(x.accountID) on \(x.surface) (\(x.kind.rawValue)) at \(x.time.formatted(.iso8601))")
            print("Person: \(x.personID?.rawValue ?? "none (account not linked)")")
            print("Outcome: \(x.summary)")
            for d in x.decisions {
                print("Decision \(d.activity.rawValue): \(d.allowed ? "allowed" : "denied")")
                for r in d.rules { print("  \(r.effect == .allow ? "✓" : "✗") \(r.rule.rawValue): \(r.reason)") }
            }
            if !x.sensitive.isEmpty || x.crisis {
                print("Sensitive: \(x.sensitive.map(\.rawValue).joined(separator: ", "))\(x.crisis ? " (crisis)" : "")")
            }
            for t in x.topics {
                print(String(format: "  topic %@ [%@] %.3f%@", t.name, t.id.rawValue, t.score, t.adEligible ? "" : " (not eligible for ads)"))
            }
        }
    }
}

struct ForgetCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "forget", abstract: "Delete every stored trace of a person.")
    @OptionGroup var store: StoreOptions
    @Argument(help: "Person id.") var person: String

    func run() async throws {
        try await runReportingErrors {
            let r = try await store.engine().forget(PersonID(person))
            print("Deleted \(r.people) person, \(r.accounts) accounts, \(r.events) events, \(r.signals) signals, \(r.profileTopics) profile topics.")
        }
    }
}
