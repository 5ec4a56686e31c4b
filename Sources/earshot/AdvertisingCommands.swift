import ArgumentParser
import EarshotCore
import EarshotEngine
import Foundation

/// `earshot campaigns …`: advertisers' campaigns, their k-anonymous reports and reach estimates.
struct CampaignsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "campaigns", abstract: "List, show, create or update, and delete campaigns; reports and reach estimates.",
        subcommands: [List.self, Show.self, Upsert.self, Delete.self, Report.self, Reach.self])

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Every campaign, or one advertiser's.")
        @OptionGroup var store: StoreOptions
        @Option(help: "Only this advertiser's campaigns.") var advertiser: String?
        @Flag(help: "Print JSON.") var json = false

        func run() async throws {
            try await runReportingErrors {
                let all = try await store.engine().campaigns().filter { c in advertiser.map { c.advertiserID.rawValue == $0 } ?? true }
                if json { return try Output.json(all) }
                if all.isEmpty { print("no campaigns") }
                for c in all {
                    print("\(c.id)  \(c.advertiserName) [\(c.advertiserID)]  \(c.creative.headline)  targets "
                          + c.targetTopics.map(\.rawValue).joined(separator: ",") + String(format: "  bid %.2f CPM", c.bidCPM))
                }
            }
        }
    }

    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "One campaign as JSON.")
        @OptionGroup var store: StoreOptions
        @Argument(help: "Campaign id.") var id: String
        func run() async throws {
            try await runReportingErrors { try Output.json(try await store.engine().campaign(CampaignID(id))) }
        }
    }

    struct Upsert: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Create or replace campaigns from a JSON file (one campaign or an array); targeting rules are checked first.")
        @OptionGroup var store: StoreOptions
        @Option(help: "JSON file with a campaign object or an array of them (the API's campaign format).") var file: String
        func run() async throws {
            try await runReportingErrors {
                let campaigns = try loadCampaigns(file)
                try await store.engine().upsertCampaigns(campaigns)
                print("stored \(campaigns.count) campaign(s): " + campaigns.map(\.id.rawValue).joined(separator: ", "))
            }
        }
    }

    struct Delete: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Delete a campaign (its impressions stay, for reports).")
        @OptionGroup var store: StoreOptions
        @Argument(help: "Campaign id.") var id: String
        func run() async throws {
            try await runReportingErrors {
                try await store.engine().deleteCampaign(CampaignID(id))
                print("deleted campaign \(id)")
            }
        }
    }

    struct Report: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Impressions, clicks, spend and reach by matched topic and AI-surface class; cells under k people suppressed.")
        @OptionGroup var store: StoreOptions
        @Argument(help: "Campaign id.") var id: String
        @Option(help: "Smallest number of people a reported cell may cover.") var k = 100
        func run() async throws {
            try await runReportingErrors { try Output.json(try await store.engine().report(CampaignID(id), k: k)) }
        }
    }

    struct Reach: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "How many people a draft campaign could reach today (\"fewer than k\" below the threshold).")
        @OptionGroup var store: StoreOptions
        @Option(help: "JSON file with one draft campaign.") var file: String
        @Option(help: "Smallest number of people the estimate may reveal.") var k = 100
        func run() async throws {
            try await runReportingErrors {
                let campaigns = try loadCampaigns(file)
                guard campaigns.count == 1, let draft = campaigns.first else { throw CLIError("\(file): expected one campaign") }
                let (estimate, k) = try await store.engine().reachEstimate(draft, k: k)
                print(estimate.map { "about \($0) people" } ?? "fewer than \(k) people")
            }
        }
    }
}

/// A campaign object or an array of them from a JSON file; errors name the file and the field.
private func loadCampaigns(_ path: String) throws -> [Campaign] {
    guard let data = FileManager.default.contents(atPath: path) else { throw CLIError("cannot read \(path)") }
    let decoder = JSONCoding.decoder()
    do {
        if data.first(where: { !" \n\r\t".utf8.contains($0) }) == UInt8(ascii: "[") { return try decoder.decode([Campaign].self, from: data) }
        return [try decoder.decode(Campaign.self, from: data)]
    } catch {
        let (field, message) = JSONCoding.describe(error)
        throw CLIError("\(path): \(field) \(message)")
    }
}

/// `earshot advertisers …`.
struct AdvertisersCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "advertisers", abstract: "List advertisers, or register one.", subcommands: [List.self, Add.self])

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Every advertiser, in id order.")
        @OptionGroup var store: StoreOptions
        @Flag(help: "Print JSON.") var json = false
        func run() async throws {
            try await runReportingErrors {
                let all = try await store.engine().advertisers()
                if json { return try Output.json(all) }
                if all.isEmpty { print("no advertisers") }
                for a in all { print("\(a.id)  \(a.name)") }
            }
        }
    }

    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Register or rename an advertiser.")
        @OptionGroup var store: StoreOptions
        @Option(help: "Advertiser id.") var id: String
        @Option(help: "Name shown to people in ad explanations (1-200 bytes).") var name: String
        func run() async throws {
            try await runReportingErrors {
                guard Advertiser.isValidName(name) else { throw CLIError("name: must be 1-200 bytes of text") }
                try await store.engine().upsertAdvertisers([Advertiser(id: AdvertiserID(id), name: name)])
                print("stored advertiser \(id)")
            }
        }
    }
}

/// `earshot why IMPRESSION`: the explanation stored with a served ad.
struct WhyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "why", abstract: "Why an ad was shown: the explanation stored with its impression (never text).")
    @OptionGroup var store: StoreOptions
    @Argument(help: "Impression id (printed by `earshot ads`).") var impression: String
    @Flag(help: "Print JSON.") var json = false
    func run() async throws {
        try await runReportingErrors {
            let i = try await store.engine().impression(ImpressionID(impression))
            if json { return try Output.json(i) }
            print("\(i.id): campaign \(i.campaignID) for \(i.personID) on \(i.surface), \(Output.date(i.time))\(i.clicked ? ", clicked" : "")")
            print("  \(i.explanation.summary)")
            for reason in i.explanation.policyReasons { print("  policy: \(reason)") }
            print("  to change it: \(i.explanation.howToChange)")
        }
    }
}

/// `earshot click IMPRESSION`: counts a click.
struct ClickCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "click", abstract: "Count a click on a served ad.")
    @OptionGroup var store: StoreOptions
    @Argument(help: "Impression id.") var impression: String
    func run() async throws {
        try await runReportingErrors {
            try await store.engine().recordClick(ImpressionID(impression))
            print("counted a click on \(impression)")
        }
    }
}

/// `earshot segments PERSON`: what an exchange would receive.
struct SegmentsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "segments", abstract: "A person's OpenRTB segments (IAB 3.1, segtax 9), or why none are disclosed.")
    @OptionGroup var store: StoreOptions
    @Argument(help: "Person id.") var person: String
    func run() async throws {
        try await runReportingErrors { try Output.json(try await store.engine().segments(for: PersonID(person))) }
    }
}

/// `earshot enrich < request.json`: the exchange-side enrichment without the HTTP server.
struct EnrichCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "enrich",
        abstract: "Read an OpenRTB 2.6 BidRequest on standard input and print it with Earshot's user.data segments.",
        discussion: "An invalid request prints an OpenRTB-style error ({\"nbr\": 2, ...}) and exits with status 1.")
    @OptionGroup var store: StoreOptions
    func run() async throws {
        try await runReportingErrors {
            let input = FileHandle.standardInput.readDataToEndOfFile()
            switch try await store.engine().enrichBidRequest(input) {
            case .enriched(let data): print(String(decoding: data, as: UTF8.self))
            case .invalid(let data):
                print(String(decoding: data, as: UTF8.self))
                throw ExitCode(1)
            }
        }
    }
}
