@testable import EarshotCore
@testable import EarshotResources
import EarshotResourceFiles
import Foundation
import Testing

/// The lexicon compiled at build time must be the parsed lexicon, byte for byte in effect; it must be
/// used only for the sources it was compiled from; and no damaged file may crash the reader.
@Suite struct CompiledLexiconTests {
    static let sources = [
        LexiconSource(language: "en", sensitive: "health\tdiabet*\ncrisis\tkill myself\nreligion\tpray\tweak\nguard\tunion station\nhealth\tfeel ... sick\n",
                      interest: "653\thiking boots\n"),
        LexiconSource(language: "ja", sensitive: "health\t糖尿病\n", interest: "653\t登山靴\t0.8\n"),
    ]

    /// Everything a lexicon holds, in a form that compares.
    static func fingerprint(_ l: Lexicon) -> [String] {
        var out = l.entries.map { "\($0)" } + l.gapTerms.map { "gap \($0.entry) \($0.parts)" }
        out += l.counts.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }
        for trie in [l.matcher.words, l.matcher.substrings] {
            out.append("nodes \(trie.nodeCount) root \(trie.rootEdges) edges \(trie.edges) terms \(trie.terminals)")
        }
        return out
    }

    @Test func aCompiledLexiconReadsBackAsTheParsedOne() throws {
        let parsed = try Lexicon(sources: Self.sources, taxonomy: Shipped.taxonomy)
        let bytes = parsed.compiled(sources: Self.sources, taxonomy: Shipped.taxonomy)
        let read = try #require(try Lexicon(compiled: bytes, sources: Self.sources, taxonomy: Shipped.taxonomy))
        #expect(Self.fingerprint(read) == Self.fingerprint(parsed))
        #expect(!parsed.entries.isEmpty && parsed.gapTerms.count == 1 && parsed.matcher.nodeCount > 20)
    }

    @Test func aCompiledLexiconIsIgnoredForOtherSources() throws {
        let parsed = try Lexicon(sources: Self.sources, taxonomy: Shipped.taxonomy)
        let bytes = parsed.compiled(sources: Self.sources, taxonomy: Shipped.taxonomy)
        var edited = Self.sources
        edited[1].sensitive += "health\t喘息\n"
        #expect(try Lexicon(compiled: bytes, sources: edited, taxonomy: Shipped.taxonomy) == nil)
        var renamed = Self.sources
        renamed[1].language = "zh"
        #expect(try Lexicon(compiled: bytes, sources: renamed, taxonomy: Shipped.taxonomy) == nil)
        // The same term moved from one file to the other is another lexicon (the two files' texts are
        // delimited in the digest).
        var moved = Self.sources
        moved[0].interest = ""
        moved[0].sensitive += "653\thiking boots\n"
        #expect(Lexicon.digest(sources: moved, taxonomy: Shipped.taxonomy) != Lexicon.digest(sources: Self.sources, taxonomy: Shipped.taxonomy))
    }

    /// Truncated or damaged files are refused with an error, or read into a lexicon that matches
    /// without reading outside its arrays: never a crash.
    @Test func aDamagedCompiledLexiconIsRefusedOrHarmless() throws {
        let parsed = try Lexicon(sources: Self.sources, taxonomy: Shipped.taxonomy)
        let bytes = parsed.compiled(sources: Self.sources, taxonomy: Shipped.taxonomy)
        for cut in stride(from: 0, to: bytes.count, by: 7) {
            #expect(throws: Lexicon.CompiledFormatError.self) {
                _ = try Lexicon(compiled: Array(bytes[..<cut]), sources: Self.sources, taxonomy: Shipped.taxonomy)
            }
        }
        var rng = SplitMix64(seed: 3)
        var refused = 0
        for _ in 0..<2_000 {
            var damaged = bytes
            let i = 16 + Int(rng.next() % UInt64(bytes.count - 16))  // past the magic and the digest
            damaged[i] ^= UInt8(truncatingIfNeeded: 1 + rng.next() % 255)
            guard let lexicon = try? Lexicon(compiled: damaged, sources: Self.sources, taxonomy: Shipped.taxonomy) else {
                refused += 1
                continue
            }
            var text: [UInt8] = []
            TextNormalizer.normalize("my diabetes and 糖尿病, hiking boots, 登山靴, I feel so sick", into: &text)
            lexicon.matcher.forEachMatch(in: text) { payload, _, _ in #expect(Int(payload) < lexicon.entries.count) }
        }
        #expect(refused > 100)
    }

    /// The build compiled the shipped lexicons into the bundle, and the loader uses that file: it is the
    /// lexicon that parsing the shipped files gives.
    @Test func theShippedLexiconIsCompiledAtBuildTimeFromTheShippedFiles() throws {
        let data = try #require(FileManager.default.contents(atPath: ShippedData.compiledLexiconURL.path),
                                "the CompileLexicons plugin wrote no compiled lexicon into the bundle")
        let sources = ResourceFiles.lexiconSources(in: ShippedData.resourceRoot)
        let compiled = try #require(try Lexicon(compiled: [UInt8](data), sources: sources, taxonomy: Shipped.taxonomy),
                                    "the compiled lexicon is not from the shipped lexicon files")
        let parsed = try Lexicon(sources: sources, taxonomy: Shipped.taxonomy)
        #expect(Self.fingerprint(compiled) == Self.fingerprint(parsed))
        #expect(compiled.entries.count > 1_000)
    }
}
