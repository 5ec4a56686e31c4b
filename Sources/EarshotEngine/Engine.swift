import EarshotCore
import EarshotStore
import Foundation
import Logging

/// Earshot's engine: the pipeline from events to profiles, ads and feeds, over any ``Store``.
///
/// The server and the CLI are thin shells over this type. It is `Sendable`; shared mutable state
/// (the campaign and feed caches) lives in an actor.
public final class Engine: Sendable {
    public let store: any Store
    public let classifier: Classifier
    public let policy: PolicyEngine
    public let configuration: EngineConfiguration
    public let campaignRules: CampaignRules
    let feedRanker: FeedRanker
    let cache = ServingCache()
    let scratchPool = ScratchPool()
    let accessCache = AccessCache()
    let logger: Logger

    /// Creates an engine; validates the policy (throwing every problem at once).
    public init(store: any Store, classifier: Classifier, configuration: EngineConfiguration = EngineConfiguration(),
                logger: Logger = Logger(label: "earshot.engine")) throws {
        self.store = store
        self.classifier = classifier
        self.policy = try PolicyEngine(config: configuration.policy)
        self.configuration = configuration
        self.campaignRules = CampaignRules(taxonomy: classifier.taxonomy, sensitiveMap: classifier.sensitiveMap,
                                           catalog: configuration.catalog)
        self.feedRanker = FeedRanker(taxonomy: classifier.taxonomy, sensitiveMap: classifier.sensitiveMap)
        self.logger = logger
    }

    var taxonomy: Taxonomy { classifier.taxonomy }
    var now: Date { configuration.now() }

    // MARK: People, accounts, campaigns, feed items

    /// Validates and stores campaigns; a campaign that targets a sensitive or proxy node, or minors, is rejected.
    /// A campaign's advertiser is registered (with the campaign's advertiser name) when it is not known yet.
    public func upsertCampaigns(_ campaigns: [Campaign]) async throws {
        try checkBatch(campaigns.count)
        for (i, c) in campaigns.enumerated() {
            do { try campaignRules.validate(c) } catch let v as CampaignRules.Violation {
                throw EngineError.invalid(field: "campaigns[\(i)]", message: v.description)
            }
        }
        let known = Set(try await store.advertisers().map(\.id))
        var fresh: [AdvertiserID: Advertiser] = [:]
        for c in campaigns where !known.contains(c.advertiserID) {
            fresh[c.advertiserID] = Advertiser(id: c.advertiserID, name: c.advertiserName)
        }
        if !fresh.isEmpty { try await store.upsertAdvertisers(fresh.values.sorted { $0.id < $1.id }) }
        try await store.upsertCampaigns(campaigns)
        await cache.invalidate()
    }

    /// Stores feed items; their topics must exist in the taxonomy.
    public func upsertFeedItems(_ items: [FeedItem]) async throws {
        try checkBatch(items.count)
        for (i, item) in items.enumerated() {
            for (j, t) in item.topics.enumerated() where !taxonomy.contains(t) {
                throw EngineError.invalid(field: "items[\(i)].topics[\(j)]", message: "unknown IAB id '\(t)'")
            }
        }
        try await store.upsertFeedItems(items)
        await cache.invalidate()
    }

    public func campaigns() async throws -> [Campaign] { try await store.campaigns() }
    public func feedItems() async throws -> [FeedItem] { try await store.feedItems() }

    /// A person, or ``EngineError/unknownPerson(_:)``.
    public func person(_ id: PersonID) async throws -> Person {
        guard let p = try await store.person(id) else { throw EngineError.unknownPerson(id) }
        return p
    }

    /// Deletes every stored trace of a person.
    public func forget(_ id: PersonID) async throws -> DeletionReport {
        let report = try await store.deletePerson(id)
        await accessCache.forget(person: id)
        if report.people == 0 && report.accounts == 0 && report.events == 0 { throw EngineError.unknownPerson(id) }
        logger.info("person deleted", metadata: ["events": "\(report.events)", "signals": "\(report.signals)"])
        return report
    }

    /// Throws ``EngineError/batchTooLarge(count:limit:)`` past the configured batch limit.
    public func checkBatch(_ count: Int) throws {
        if count > configuration.maxBatch { throw EngineError.batchTooLarge(count: count, limit: configuration.maxBatch) }
    }
}

/// Caches the ad index and the prepared feed items between changes.
actor ServingCache {
    private var selector: AdSelector?
    private var feed: FeedCatalog?

    func invalidate() {
        selector = nil
        feed = nil
    }

    func selector(_ build: () async throws -> AdSelector) async rethrows -> AdSelector {
        if let selector { return selector }
        let s = try await build()
        selector = s
        return s
    }

    func feed(_ build: () async throws -> FeedCatalog) async rethrows -> FeedCatalog {
        if let feed { return feed }
        let f = try await build()
        feed = f
        return f
    }
}
