import Foundation

/// One interest signal derived from one event: the only thing about a conversation that feeds a profile.
public struct Signal: Sendable, Hashable, Codable {
    public var personID: PersonID
    /// IAB Content Taxonomy 3.1 unique id.
    public var topicID: TopicID
    /// Strength in 0...1.
    public var score: Double
    /// The AI surface the event came from.
    public var surface: Surface
    public var time: Date
    /// The event it came from, so that it can be traced and deleted with it.
    public var eventID: EventID

    public init(personID: PersonID, topicID: TopicID, score: Double, surface: Surface, time: Date, eventID: EventID) {
        self.personID = personID
        self.topicID = topicID
        self.score = score
        self.surface = surface
        self.time = time
        self.eventID = eventID
    }
}

/// A topic with a score, as a classifier or profile reports it.
public struct TopicScore: Sendable, Hashable, Codable {
    public var id: TopicID
    public var score: Double

    public init(id: TopicID, score: Double) {
        self.id = id
        self.score = score
    }
}

/// What happened to one event, kept for explanation and audit. Holds no conversation text.
public struct EventRecord: Sendable, Hashable, Codable {
    public var eventID: EventID
    public var accountID: AccountID
    /// The person the account was linked to when the event arrived, if any.
    public var personID: PersonID?
    public var surface: Surface
    public var kind: EventKind
    public var time: Date
    public var receivedAt: Date
    public var conversationID: ConversationID?
    /// Topics the classifier found. Reported for transparency even when not eligible for ads.
    public var topics: [TopicScore]
    /// Sensitive categories the screen raised.
    public var sensitive: [SensitiveCategory]
    public var crisis: Bool
    /// Every policy decision taken for the event, in pipeline order.
    public var decisions: [Decision]
    /// How many signals were stored.
    public var signalCount: Int

    public init(eventID: EventID, accountID: AccountID, personID: PersonID?, surface: Surface, kind: EventKind,
                time: Date, receivedAt: Date, conversationID: ConversationID?, topics: [TopicScore],
                sensitive: [SensitiveCategory], crisis: Bool, decisions: [Decision], signalCount: Int) {
        self.eventID = eventID
        self.accountID = accountID
        self.personID = personID
        self.surface = surface
        self.kind = kind
        self.time = time
        self.receivedAt = receivedAt
        self.conversationID = conversationID
        self.topics = topics
        self.sensitive = sensitive
        self.crisis = crisis
        self.decisions = decisions
        self.signalCount = signalCount
    }
}
