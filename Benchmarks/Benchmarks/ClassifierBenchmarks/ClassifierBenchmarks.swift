import Benchmark
import EarshotCore
import EarshotResources
import Foundation

/// Messages in several languages, Earshot's own writing.
let messages = [
    "can you find me a cheap flight to lisbon and a hotel near the old town",
    "best running shoes for a half marathon under 120 dollars",
    "quiero comprar una bici de montaña para principiantes",
    "ich suche einen gebrauchten kombi mit wenig kilometern",
    "je cherche une recette de gâteau au chocolat sans four",
    "qual o melhor celular custo benefício pra comprar agora",
    "consigli per un weekend a firenze con bambini",
    "hvor kan jeg kjøpe billige skistøvler i oslo",
    "rekomendasi laptop buat kuliah yang murah tapi kencang",
    "मुझे दिल्ली से गोवा की सस्ती फ्लाइट चाहिए",
    "週末に京都で美味しいラーメン屋を探してる",
    "my doctor changed my blood pressure meds and I feel dizzy",
]

/// The 2,000 messages of Earshot's gold set (`eval/gold`, ten languages, Earshot's own writing): distinct
/// messages of realistic length, so that the models' rows and the lexicon trie are read from memory as
/// in real traffic (the twelve messages above stay in cache after the first iteration).
func goldMessages() -> [String] {
    let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()
    let dir = root.appendingPathComponent("eval/gold")
    let files = ((try? FileManager.default.contentsOfDirectory(atPath: dir.path)) ?? []).filter { $0.hasSuffix(".jsonl") }.sorted()
    var out: [String] = []
    for f in files {
        let text = (try? String(contentsOf: dir.appendingPathComponent(f), encoding: .utf8)) ?? ""
        for line in text.split(separator: "\n") {
            if let row = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any], let t = row["text"] as? String {
                out.append(t)
            }
        }
    }
    return out
}

let benchmarks: @Sendable () -> Void = {
    let classifier = try! ShippedData.classifier()
    let model = classifier.model!
    let gold = goldMessages()
    precondition(gold.count >= 1_000, "eval/gold not found beside the Benchmarks folder")

    Benchmark("classify, shipped models with screens, 2,000 distinct gold messages",
              configuration: .init(metrics: [.wallClock, .throughput], maxDuration: .seconds(5))) { benchmark in
        var scratch = ClassifierScratch()
        for _ in benchmark.scaledIterations {
            for m in gold { blackHole(classifier.classify(m, scratch: &scratch)) }
        }
    }

    Benchmark("classify, shipped model with screens",
              configuration: .init(metrics: [.wallClock, .throughput, .mallocCountTotal], scalingFactor: .kilo)) { benchmark in
        var scratch = ClassifierScratch()
        for _ in benchmark.scaledIterations {
            for m in messages { blackHole(classifier.classify(m, scratch: &scratch)) }
        }
    }

    // The hot path (normalise, match every lexicon, run the model) must not allocate once the
    // caller's scratch buffers have grown: its malloc threshold is zero.
    Benchmark("hot path: normalise + lexicons + model, zero allocation",
              configuration: .init(metrics: [.wallClock, .mallocCountTotal], scalingFactor: .kilo,
                                   thresholds: [.mallocCountTotal: .init(absolute: [.p0: 0, .p50: 0, .p100: 0])])) { benchmark in
        var scratch = ClassifierScratch()
        var bytes: [UInt8] = []
        for m in messages {  // warm-up grows the buffers
            TextNormalizer.normalize(m, into: &bytes)
            model.predict(normalized: bytes, scratch: &scratch)
        }
        var hits = 0
        benchmark.startMeasurement()
        for _ in benchmark.scaledIterations {
            for m in messages {
                TextNormalizer.normalize(m, into: &bytes)
                classifier.lexicon.matcher.forEachMatch(in: bytes) { _, _, _ in hits &+= 1 }
                model.predict(normalized: bytes, scratch: &scratch)
            }
        }
        benchmark.stopMeasurement()
        blackHole(hits)
    }
}
