/// First names as ``PersonCue``s: a name of clear gender says who the writer is, or who the writer's
/// partner is, but only in the two places where people put it for that: right after a self-introduction
/// ("hi i'm Jess", "c'est Claire", "jeg (Ola, 24)") or right before a sign-off ("Mark here", "健太です"), it
/// is the writer's; right after a partner word ("my husband James", "kjæresten min Henrik", "彼女の由香"),
/// it is the partner's. A name anywhere else is someone else's and says nothing.
///
/// Blind sets kept missing couples told only this way ("Mark here, my husband James and I want to adopt a
/// dog"): the words are everyday, the names carry the genders. Listing every introduction with every
/// name as a phrase would take millions of lines; these lexicon lines (`name_female<TAB>laura`,
/// `name_intro<TAB>i'm`) are matched in the same trie pass as the other terms and combined by position.
///
/// A first name changed to one of the other gender is gender identity (one of the seven categories): a
/// message with a name-change phrase (``nameChange``: "name change", "anagrafe", "folkeregisteret",
/// "गजट") and two names of different genders linked as the old and the new one ("fra Kristian til
/// Kristine", "da Francesca a Francesco", "राहुल से रिया", "健太から由香に").
public enum NameCue: String, Sendable, Hashable, CaseIterable {
    /// A given name of a woman or girl, not given to men in any supported language and not an everyday word.
    case female = "name_female"
    /// The same for a man or boy.
    case male = "name_male"
    /// Words right before the writer's own name: "i'm", "me llamo", "jeg heter", "मेरा नाम".
    case intro = "name_intro"
    /// Words right after the writer's own name: "here" ("Mark here"), "hier", "です".
    case signoff = "name_signoff"
    /// Words right before the writer's partner's name: "my husband", "mi novia", "夫の". Person cues for a
    /// partner (``PersonCue/partner``, ``PersonCue/partnerFemale``, ``PersonCue/partnerMale``) count too.
    case partner = "name_partner"
    /// A phrase about changing one's legal first name or gender marker: "name change", "deed poll",
    /// "cambio de nombre", "bytte navn", "ganti nama", "改名".
    case nameChange = "name_change"
    /// The word between an old first name and a new one: "to" ("from Kristian to Kristine"), "til", "a",
    /// "jadi", "से", "から".
    case nameTo = "name_to"

    /// Whether this is a given name (``female`` or ``male``) rather than the words around one.
    var isGivenName: Bool { self == .female || self == .male }

    /// A sign-off makes a name the writer's only near the start of the message, after at most this many
    /// words ("Mark here, ...", "hi, Lena hier"): later, "here" and "hier" follow anyone's name ("my husband
    /// wants James here", French "j'ai vu Paul hier").
    static let signoffWordsBefore = 2

    /// What the names among `matches` say by their places (see the type's documentation): person cue bits,
    /// and whether a first name is changed to one of the other gender. `matches` are lexicon matches in
    /// `bytes` (normalised text, words separated by one space); a match that lies inside a guard counts
    /// for nothing. Allocation-free.
    static func read(matches: [(payload: Int32, start: Int32, end: Int32)], entries: [LexiconEntry],
                     bytes: [UInt8], guards: [(start: Int32, end: Int32)]) -> (cues: UInt8, genderChange: Bool) {
        /// Whether `next` starts right where `previous` ends: after one space, or at once in a script
        /// written without spaces.
        func adjacent(_ previousEnd: Int32, _ nextStart: Int32) -> Bool {
            nextStart == previousEnd || (nextStart == previousEnd + 1 && bytes[Int(previousEnd)] == 0x20)
        }
        /// The name cue a match is, unless it is another kind of term or lies inside a guard.
        func kind(_ m: (payload: Int32, start: Int32, end: Int32)) -> NameCue? {
            guard case .name(let k) = entries[Int(m.payload)].target,
                !Classifier.isGuarded(m.start, m.end, guards) else { return nil }
            return k
        }
        var bits: UInt8 = 0, changeWords = false
        for name in matches {
            guard let cue = kind(name) else { continue }
            if cue == .nameChange { changeWords = true }
            guard cue.isGivenName else { continue }
            var writer = false, partner = false
            for other in matches where !Classifier.isGuarded(other.start, other.end, guards) {
                switch entries[Int(other.payload)].target {
                case .name(.intro): if adjacent(other.end, name.start) { writer = true }
                case .name(.signoff):
                    if adjacent(name.end, other.start),
                        Classifier.wordsBefore(name.start, bytes) <= Self.signoffWordsBefore {
                        writer = true
                    }
                case .name(.partner), .cue(.partner), .cue(.partnerFemale), .cue(.partnerMale):
                    if adjacent(other.end, name.start) { partner = true }
                default: break
                }
            }
            // A partner word wins: in "suami saya Budi" ("my husband Budi") the partner phrase ends with
            // "saya" ("I"), which also introduces the writer's name.
            if partner {
                bits |= (cue == .female ? PersonCue.partnerFemale : PersonCue.partnerMale).bit
            } else if writer {
                bits |= (cue == .female ? PersonCue.writerFemale : PersonCue.writerMale).bit
            }
        }
        return (bits, changeWords && Self.linksNamesOfBothGenders(matches, kind: kind, adjacent: adjacent))
    }

    /// Whether some name is linked by a ``nameTo`` word to a name of the other gender ("kristian til
    /// kristine").
    private static func linksNamesOfBothGenders(_ matches: [(payload: Int32, start: Int32, end: Int32)],
                                                kind: ((payload: Int32, start: Int32, end: Int32)) -> NameCue?,
                                                adjacent: (Int32, Int32) -> Bool) -> Bool {
        for link in matches where kind(link) == .nameTo {
            var before: NameCue?, after: NameCue?
            for name in matches {
                guard let k = kind(name), k.isGivenName else { continue }
                if adjacent(name.end, link.start) { before = k }
                if adjacent(link.end, name.start) { after = k }
            }
            if let before, let after, before != after { return true }
        }
        return false
    }
}
