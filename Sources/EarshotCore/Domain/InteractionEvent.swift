import Foundation

/// What kind of interaction an event records.
public enum EventKind: String, Sendable, Codable, Hashable, CaseIterable {
    case chatMessage = "chat_message"
    case voiceTranscript = "voice_transcript"
    case imageAnalysis = "image_analysis"
    case videoAnalysis = "video_analysis"
    case feedEngagement = "feed_engagement"
    case imagePrompt = "image_prompt"

    public init(from decoder: any Decoder) throws {
        self = try decodeClosedEnum(decoder)
    }

    /// The AI surface class this kind of interaction belongs to when the product does not say.
    public var aiClass: AISurfaceClass {
        switch self {
        case .chatMessage: .chat
        case .voiceTranscript: .voice
        case .imageAnalysis: .glasses
        case .videoAnalysis, .feedEngagement: .videoFeed
        case .imagePrompt: .imageGenerator
        }
    }
}

/// One interaction with an AI product, as it arrives. The text is classified and dropped: it is
/// never stored, logged or echoed in an error.
public struct InteractionEvent: Sendable, Hashable, Codable {
    /// Idempotency key: replaying the same id changes nothing.
    public var id: EventID
    public var accountID: AccountID
    public var surface: Surface
    public var kind: EventKind
    /// The message, transcript or description. Never persisted.
    public var text: String
    public var time: Date
    /// Optional conversation the event belongs to.
    public var conversationID: ConversationID?

    public init(id: EventID, accountID: AccountID, surface: Surface, kind: EventKind, text: String, time: Date,
                conversationID: ConversationID? = nil) {
        self.id = id
        self.accountID = accountID
        self.surface = surface
        self.kind = kind
        self.text = text
        self.time = time
        self.conversationID = conversationID
    }

    /// The longest text accepted, in UTF-8 bytes.
    public static let maxTextBytes = 16_384

    enum CodingKeys: String, CodingKey { case id, accountID, surface, kind, text, time, conversationID }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        id = try c.decode(EventID.self, forKey: .id)
        accountID = try c.decode(AccountID.self, forKey: .accountID)
        surface = try c.decode(Surface.self, forKey: .surface)
        kind = try c.decode(EventKind.self, forKey: .kind)
        text = try c.decode(String.self, forKey: .text)
        guard text.utf8.count <= Self.maxTextBytes else {
            throw DecodingError.dataCorruptedError(
                forKey: .text, in: c, debugDescription: "longer than \(Self.maxTextBytes) bytes")
        }
        time = try c.decode(Date.self, forKey: .time)
        conversationID = try c.decodeIfPresent(ConversationID.self, forKey: .conversationID)
    }
}
