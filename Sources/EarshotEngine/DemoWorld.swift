import EarshotCore
import Foundation

/// A small world to try Earshot with: people in different countries and ages, linked and unlinked
/// accounts, a dozen campaigns, a few dozen feed items and a few conversations.
public struct DemoWorld: Sendable {
    public var people: [Person]
    public var accounts: [Account]
    public var campaigns: [Campaign]
    public var feedItems: [FeedItem]
    public var events: [InteractionEvent]

    /// Builds the world with times relative to `now`.
    public init(now: Date) {
        let notice = PersonSettings(noticeVersion: "2025-12", noticeSentAt: Date(timeIntervalSince1970: 1_764_547_200))
        func day(_ s: String) -> Day { Day(s)! }
        var teen = notice
        teen.parentID = "noah"
        people = [
            Person(id: "ava", country: "US", birthDate: day("1990-04-12"), settings: notice),
            Person(id: "lukas", country: "DE", birthDate: day("1987-09-03"), settings: notice),
            Person(id: "maya", country: "US", birthDate: day("2011-02-20"), settings: teen),
            Person(id: "sam", country: "CA", birthDate: day("1979-06-30"), settings: notice),
            Person(id: "noah", country: "US", birthDate: day("1984-11-02"), settings: notice),
            Person(id: "mina", country: "KR", birthDate: day("1995-01-15"), settings: notice),
            Person(id: "rafa", country: "BR", birthDate: day("1992-07-07"), settings: notice),
        ]
        accounts = [
            Account(id: "ava-assistant", product: "assistant", personID: "ava"),
            Account(id: "ava-glasses", product: "glasses", personID: "ava"),
            Account(id: "ava-social", product: "social_feed", personID: "ava"),
            Account(id: "ava-photo", product: "photo_feed", personID: "ava"),
            Account(id: "lukas-assistant", product: "assistant", personID: "lukas"),
            Account(id: "lukas-social", product: "social_feed", personID: "lukas"),
            Account(id: "maya-assistant", product: "assistant", personID: "maya"),
            Account(id: "maya-social", product: "social_feed", personID: "maya"),
            Account(id: "sam-glasses", product: "glasses", personID: nil),
            Account(id: "sam-assistant", product: "assistant", personID: "sam"),
            Account(id: "sam-social", product: "social_feed", personID: "sam"),
            Account(id: "noah-assistant", product: "assistant", personID: "noah"),
            Account(id: "noah-social", product: "social_feed", personID: "noah"),
            Account(id: "mina-assistant", product: "assistant", personID: "mina"),
            Account(id: "mina-social", product: "social_feed", personID: "mina"),
            Account(id: "rafa-assistant", product: "assistant", personID: "rafa"),
            Account(id: "rafa-video", product: "ai_video_feed", personID: "rafa"),
            Account(id: "rafa-social", product: "social_feed", personID: "rafa"),
        ]
        func ad(_ id: String, _ adv: String, _ name: String, _ headline: String, _ topics: [TopicID], _ bid: Double,
                countries: [String] = [], surfaces: [Surface] = []) -> Campaign {
            Campaign(id: CampaignID(id), advertiserID: AdvertiserID(adv), advertiserName: name,
                     creative: Creative(headline: headline, body: "", url: "https://example.com/\(id)"),
                     targetTopics: topics, countries: countries, surfaces: surfaces, bidCPM: bid)
        }
        campaigns = [
            ad("trail-boots", "summit-gear", "Summit Gear", "Waterproof hiking boots, 20% off", ["159", "160", "551"], 9),
            ad("tent-sale", "camp-co", "CampCo", "Ultralight tents for your next trip", ["677"], 7.5),
            ad("park-pass", "parks-travel", "Parks Travel", "National park passes and lodges", ["160", "653"], 6),
            ad("city-hotels", "stayfinder", "StayFinder", "Hotels from $59 a night", ["668"], 5.5),
            ad("cheap-flights", "skyhop", "SkyHop", "Flights on sale this week", ["672"], 6.5),
            ad("pasta-kit", "nonna-kitchen", "Nonna's Kitchen", "Fresh pasta kits delivered", ["216"], 4),
            ad("new-laptop", "byte-shop", "Byte Shop", "Lightweight laptops for students", ["630", "599"], 5),
            ad("phone-deal", "byte-shop", "Byte Shop", "Trade in your old smartphone", ["635"], 4.5),
            ad("football-kit", "golazo", "Golazo", "Club jerseys and boots", ["533"], 5, countries: ["BR", "US"]),
            ad("running-club", "stride", "Stride", "Running shoes fitted in store", ["227", "551"], 4.8),
            ad("savings", "clearbank", "ClearBank", "A savings account with no fees", ["391"], 3.5),
            ad("gaming-pass", "pixel-play", "PixelPlay", "A month of games for $1", ["680"], 4.2),
        ]
        func item(_ id: String, _ kind: FeedItem.Kind, _ title: String, _ author: String, _ topics: [TopicID],
                  _ hoursAgo: Double) -> FeedItem {
            FeedItem(id: FeedItemID(id), kind: kind, title: title, author: author, topics: topics,
                     publishedAt: now.addingTimeInterval(-hoursAgo * 3600))
        }
        feedItems = [
            item("reel-ridge", .reel, "Sunrise on the ridge trail", "trailtales", ["159"], 5),
            item("reel-camp", .reel, "Pitching a tent in 60 seconds", "campfire", ["677"], 20),
            item("post-boots", .post, "Breaking in new hiking boots", "trailtales", ["159", "551"], 30),
            item("event-hike", .event, "Group hike this Saturday", "citytrails", ["159", "8VZQHL"], 12),
            item("reel-lodge", .reel, "Cabins with a view", "wanderlist", ["668", "160"], 40),
            item("post-flights", .post, "How to find cheap flights", "wanderlist", ["672"], 50),
            item("reel-pasta", .reel, "Hand-rolled pasta", "nonna", ["216"], 8),
            item("post-bread", .post, "Sourdough for beginners", "bakehouse", ["217"], 26),
            item("reel-goal", .reel, "Top ten goals of the week", "golazo", ["533"], 3),
            item("post-derby", .post, "Derby day preview", "matchday", ["533"], 15),
            item("reel-run", .reel, "5k training plan", "stride", ["227"], 18),
            item("post-laptop", .post, "Best laptops under $800", "techbits", ["630"], 22),
            item("reel-phone", .reel, "Phone camera tricks", "techbits", ["635"], 6),
            item("post-budget", .post, "A simple monthly budget", "moneywise", ["391"], 70),
            item("reel-game", .reel, "Speedrun highlights", "pixel", ["680"], 9),
            item("post-cats", .post, "Why cats knock things over", "petpals", ["424"], 33),
            item("reel-dog", .reel, "Puppy's first beach day", "petpals", ["425"], 11),
            item("post-garden", .post, "Balcony tomatoes", "greenthumb", ["275"], 60),
            item("reel-museum", .reel, "Night at the museum", "citylife", ["155"], 14),
            item("post-movie", .post, "This month's film picks", "reelreview", ["324"], 28),
            item("reel-concert", .reel, "Backstage at the festival", "citylife", ["338", "8VZQHL"], 7),
            item("post-cocktail", .post, "Three summer cocktails", "barcart", ["211"], 16),
            item("post-dating", .post, "First-date ideas", "heartbeat", ["188"], 10),
            item("post-clinic", .post, "What a physio visit is like", "wellnow", ["236"], 21),
            item("post-election", .post, "Explaining the ballot measures", "civics", ["387"], 4),
            item("reel-yoga", .reel, "Morning stretch routine", "stride", ["225"], 13),
            item("post-sneakers", .post, "Sneaker drops this week", "kicks", ["589"], 19),
            item("reel-coffee", .reel, "Latte art for beginners", "bakehouse", ["222"], 24),
            item("post-ski", .post, "Early season ski deals", "wanderlist", ["531", "653"], 35),
            item("post-home", .post, "Weekend DIY shelf", "greenthumb", ["280"], 45),
        ]
        func ev(_ id: String, _ account: String, _ surface: Surface, _ kind: EventKind, _ daysAgo: Double, _ text: String,
                conversation: String? = nil) -> InteractionEvent {
            InteractionEvent(id: EventID(id), accountID: AccountID(account), surface: surface, kind: kind, text: text,
                             time: now.addingTimeInterval(-daysAgo * 86_400), conversationID: conversation.map { ConversationID($0) })
        }
        let hiking = "Can you plan a 3-day hiking trip in the mountains? I need new hiking boots and a light tent for camping."
        events = [
            ev("ava-1", "ava-assistant", "assistant", .chatMessage, 6, hiking, conversation: "ava-c1"),
            ev("ava-2", "ava-assistant", "assistant", .chatMessage, 6, "Which national park has the best trails and a lodge nearby?", conversation: "ava-c1"),
            ev("ava-3", "ava-glasses", "glasses", .imageAnalysis, 2, "A person holding trail running shoes in an outdoor store.", conversation: nil),
            ev("ava-4", "ava-assistant", "assistant", .chatMessage, 1, "Find me a cheap flight to Denver and a hotel near the trailhead.", conversation: "ava-c2"),
            ev("lukas-1", "lukas-assistant", "assistant", .chatMessage, 5, hiking),
            ev("maya-1", "maya-assistant", "assistant", .chatMessage, 4, hiking),
            ev("sam-1", "sam-glasses", "glasses", .imageAnalysis, 3, "Hiking boots and a backpack on a mountain trail."),
            ev("sam-2", "sam-assistant", "assistant", .chatMessage, 3, "What laptop should I buy for programming under 1000 dollars?"),
            ev("noah-1", "noah-assistant", "assistant", .chatMessage, 2, "My doctor just diagnosed me with type 2 diabetes, what should I eat?"),
            ev("noah-2", "noah-assistant", "assistant", .chatMessage, 1, "Recipe ideas for a quick pasta dinner tonight"),
            ev("mina-1", "mina-assistant", "assistant", .chatMessage, 3, "Best hotels in Busan for a weekend trip?"),
            ev("rafa-1", "rafa-assistant", "assistant", .chatMessage, 2, "Quero comprar a camisa nova do Flamengo e ingressos para o jogo de futebol"),
            ev("rafa-2", "rafa-video", "ai_video_feed", .videoAnalysis, 1, "Video of a football match with fans celebrating a goal in the stadium"),
        ]
    }
}
