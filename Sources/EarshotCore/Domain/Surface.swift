/// A product surface, such as `assistant` or `social_feed`. Surfaces are configuration, not code.
public typealias Surface = Identifier<SurfaceTag>
public enum SurfaceTag {}

/// What role a surface plays.
public enum SurfaceRole: String, Sendable, Codable, Hashable, CaseIterable {
    /// An AI product whose interactions may produce interest signals.
    case ai
    /// A surface that shows ads and feeds.
    case social

    public init(from decoder: any Decoder) throws { self = try decodeClosedEnum(decoder) }
}

/// The class of an AI surface, as shown to people and advertisers.
public enum AISurfaceClass: String, Sendable, Codable, Hashable, CaseIterable {
    case chat, voice, glasses, videoFeed = "video_feed", imageGenerator = "image_generator"
    public init(from decoder: any Decoder) throws { self = try decodeClosedEnum(decoder) }
}

/// One product in the catalog.
public struct Product: Hashable, Sendable, Codable {
    public var surface: Surface
    public var role: SurfaceRole
    /// For AI surfaces: the class shown in explanations and reports.
    public var aiClass: AISurfaceClass?
    /// Human-readable name for explanations.
    public var displayName: String

    public init(surface: Surface, role: SurfaceRole, aiClass: AISurfaceClass? = nil, displayName: String) {
        self.surface = surface
        self.role = role
        self.aiClass = aiClass
        self.displayName = displayName
    }
}

/// The configured products. The default matches the reported system.
public struct ProductCatalog: Sendable, Hashable, Codable {
    public var products: [Product]

    public init(products: [Product]) { self.products = products }

    /// The product for a surface id, if configured.
    public func product(_ surface: Surface) -> Product? { products.first { $0.surface == surface } }

    /// Everything wrong with the catalog: duplicate surfaces, AI products without a class.
    public func problems() -> [String] {
        var out: [String] = []
        var seen: Set<Surface> = []
        for (i, p) in products.enumerated() {
            if !seen.insert(p.surface).inserted { out.append("products[\(i)].surface: '\(p.surface)' appears twice") }
            if p.role == .ai && p.aiClass == nil { out.append("products[\(i)].aiClass: required for AI products") }
        }
        if !products.contains(where: { $0.role == .ai }) { out.append("products: at least one AI product is required") }
        return out
    }

    /// AI assistant, glasses, AI video feed and image generator; social and photo feeds.
    public static let standard = ProductCatalog(products: [
        Product(surface: "assistant", role: .ai, aiClass: .chat, displayName: "AI assistant"),
        Product(surface: "glasses", role: .ai, aiClass: .glasses, displayName: "AI glasses"),
        Product(surface: "ai_video_feed", role: .ai, aiClass: .videoFeed, displayName: "AI video feed"),
        Product(surface: "image_generator", role: .ai, aiClass: .imageGenerator, displayName: "AI image generator"),
        Product(surface: "social_feed", role: .social, displayName: "social feed"),
        Product(surface: "photo_feed", role: .social, displayName: "photo feed"),
    ])
}
