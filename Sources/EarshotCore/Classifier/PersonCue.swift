/// What a lexicon cue says about the people in a message: the writer's gender, the gender of the writer's
/// partner, or a pair of the same gender. None of them is sensitive alone; together they can say that the
/// writer is in a same-gender couple, which is sexual orientation (one of the seven categories) even when
/// no word of the message names it: "estoy nerviosa, es la primera vez que llevo a mi novia a casa",
/// "मैं अपनी गर्लफ्रेंड के साथ शिफ्ट होना चाहती हूँ", "honeymoon for my husband and me, as two men".
///
/// Blind sets showed this as the largest group of missed sexual-orientation messages (19 of the 34 missed
/// in the first five `eval/unseen` sets and the development probes). No word-level model can read it: the
/// words are everyday ones ("tired", "my girlfriend"), and only their grammatical gender combined says
/// something. The cues are lexicon lines (`writer_female<TAB>estoy cansada`, see docs/lexicons.md), so
/// they are matched in the same pass as every other term and reviewable per language.
public enum PersonCue: String, Sendable, Hashable, CaseIterable {
    /// The writer speaks of themself as a woman or girl: a feminine first-person form ("estoy cansada",
    /// "sono stanca", "je suis fatiguée", Hindi "चाहती हूँ"), or says so ("as a woman", "aku cewek").
    case writerFemale = "writer_female"
    /// The same for a man or boy ("estoy cansado", "चाहता हूँ", "俺").
    case writerMale = "writer_male"
    /// The writer's own female partner: "my wife", "mi novia", "kona mi" (not "彼女", which is also "she").
    case partnerFemale = "partner_female"
    /// The writer's own male partner: "my husband", "mon mec", "typen min", "彼氏".
    case partnerMale = "partner_male"
    /// The writer and someone else described as two women: "two women", "duas mulheres", "女同士", and
    /// feminine plural forms such as "siamo sposate".
    case pairFemale = "pair_female"
    /// The same for two men: "deux hommes", "男同士".
    case pairMale = "pair_male"
    /// The writer's own partner, of either gender: "my partner", "mi pareja", "kjæresten min". With a pair
    /// cue only ("kjæresten min og jeg ... to menn").
    case partner = "partner"
    /// A feminine word about the writer when it opens the message: "cansada pero feliz, ...", "stanca ma
    /// contenta", "épuisée mais ravie", "nervosa". Counts as ``writerFemale``, and only within the first
    /// ``openingWords`` words: later, "cansada" is as often someone else ("mi madre está cansada").
    case openingFemale = "opening_female"
    /// The same for a man or boy: "cansado pero feliz, mi marido y yo...", "recién casado", "stanco morto".
    case openingMale = "opening_male"

    /// An opening cue counts when at most this many words come before it ("hoy cansada pero feliz").
    public static let openingWords = 2

    /// Whether this cue counts only where it opens the message (``openingFemale``, ``openingMale``).
    public var isOpening: Bool { self == .openingFemale || self == .openingMale }

    /// This cue's bit in a set of cues seen in one message; an opening cue has its writer cue's bit.
    @inline(__always)
    public var bit: UInt8 {
        switch self {
        case .writerFemale: 1
        case .writerMale: 2
        case .partnerFemale: 4
        case .partnerMale: 8
        case .pairFemale: 16
        case .pairMale: 32
        case .partner: 64
        case .openingFemale: PersonCue.writerFemale.bit
        case .openingMale: PersonCue.writerMale.bit
        }
    }

    /// Whether the cues seen in a message (their ``bit``s or-ed together) describe the writer in a couple
    /// of the same gender: a partner of one gender with the writer of that gender, or a pair of one gender
    /// with a partner of that gender or of no stated gender; and no cue that the writer is of the other
    /// gender (a message that quotes someone else, or is written by two people, is left to the other
    /// screens).
    public static func sameGenderCouple(_ seen: UInt8) -> Bool {
        func has(_ cue: PersonCue) -> Bool { seen & cue.bit != 0 }
        let women = !has(.writerMale) && (has(.partnerFemale) && has(.writerFemale)
            || has(.pairFemale) && (has(.partnerFemale) || has(.partner)))
        let men = !has(.writerFemale) && (has(.partnerMale) && has(.writerMale)
            || has(.pairMale) && (has(.partnerMale) || has(.partner)))
        return women || men
    }
}
