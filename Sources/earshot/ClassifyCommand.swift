import ArgumentParser
import EarshotCore
import EarshotResources
import Foundation

struct ClassifyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "classify",
        abstract: "Classify messages from standard input, one JSON result per line, in order.",
        discussion: """
            Output: {"id": ..., "topics": [{"id", "name", "score"}], "sensitive": [...], "crisis": bool, "adEligible": bool}. \
            A line that is not valid JSON or UTF-8 yields {"id": ..., "error": "..."} and the run goes on.
            """)

    enum InputFormat: String, ExpressibleByArgument, CaseIterable { case jsonl, text }

    @Option(help: "A model written by `earshot train` (default: the shipped IAB model and lexicons).") var model: String?
    @Option(name: .customLong("input-format"), help: "jsonl rows {\"id\", \"text\"} or plain text lines.")
    var inputFormat: InputFormat = .jsonl
    @Option(help: "Topics per message.") var top = 5
    @Flag(name: .customLong("no-screen"), help: "Skip the sensitive and crisis screens.") var noScreen = false

    func validate() throws {
        guard (1...100).contains(top) else { throw ValidationError("--top must be between 1 and 100") }
    }

    func run() throws {
        let custom = try model.map { path -> HashedLinearModel in
            guard let data = FileManager.default.contents(atPath: path) else { throw CLIError("cannot read model \(path)") }
            return try HashedLinearModel(serialized: [UInt8](data))
        }
        // A custom model without screens needs no lexicons: only the taxonomy, for names.
        let shipped: Classifier
        if custom != nil && noScreen {
            let taxonomy = try ShippedData.taxonomy()
            shipped = Classifier(taxonomy: taxonomy, sensitiveMap: SensitiveMap(),
                                 lexicon: try Lexicon(sources: [], taxonomy: taxonomy))
        } else {
            // A custom model's messages are still screened with the shipped screen model and lexicons.
            shipped = try ShippedData.classifier(withModel: model == nil, withScreenModel: true)
        }
        var runner = ClassifyRunner(classifier: shipped, custom: custom, top: top, screen: !noScreen,
                                    jsonInput: inputFormat == .jsonl)
        runner.run()
    }
}

/// Streams standard input to standard output.
struct ClassifyRunner {
    let classifier: Classifier
    let custom: HashedLinearModel?
    let top: Int
    let screen: Bool
    let jsonInput: Bool
    var scratch = ClassifierScratch()
    var out: [UInt8] = []
    /// `{"id":"…","name":"…","score":` for every taxonomy node and for every label of a custom model (named
    /// after its taxonomy node when it is one), written once: escaping the same ids and names for every
    /// message cost 3% of a run.
    let topicPrefixes: [TopicID: [UInt8]]
    let labelPrefixes: [[UInt8]]

    init(classifier: Classifier, custom: HashedLinearModel?, top: Int, screen: Bool, jsonInput: Bool) {
        self.classifier = classifier
        self.custom = custom
        self.top = top
        self.screen = screen
        self.jsonInput = jsonInput
        labelPrefixes = (custom?.labels ?? []).map {
            Self.topicPrefix(id: $0, name: classifier.taxonomy.node(TopicID($0))?.name ?? $0)
        }
        topicPrefixes = Dictionary(uniqueKeysWithValues: classifier.taxonomy.nodes.map { node in
            (node.id, Self.topicPrefix(id: node.id.rawValue, name: node.name))
        })
        out.reserveCapacity(1 << 17)
    }

    mutating func run() {
        var pending: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let n = chunk.withUnsafeMutableBytes { read(0, $0.baseAddress, $0.count) }
            if n <= 0 { break }
            pending.append(contentsOf: chunk[0..<n])
            var start = 0
            while let nl = pending[start...].firstIndex(of: 0x0A) {
                line(pending[start..<nl])
                start = nl + 1
            }
            pending.removeFirst(start)
            if out.count > 1 << 16 { flush() }
        }
        if !pending.isEmpty { line(pending[...]) }
        flush()
    }

    private mutating func flush() {
        out.withUnsafeBytes { buffer in
            var offset = 0
            while offset < buffer.count {
                let n = write(1, buffer.baseAddress! + offset, buffer.count - offset)
                if n <= 0 { break }
                offset += n
            }
        }
        out.removeAll(keepingCapacity: true)
    }

    private mutating func line(_ raw: ArraySlice<UInt8>) {
        var bytes = raw
        if bytes.last == 0x0D { bytes = bytes.dropLast() }
        bytes.withUnsafeBufferPointer { buf in
            guard let text = String(validating: buf, as: UTF8.self) else {
                return error(id: nil, "line is not valid UTF-8")
            }
            if !jsonInput { return emit(id: nil, text: text) }
            switch JSONLineScanner.scan(buf) {
            case .failure(.invalid(let message)): error(id: nil, message)
            case .success(let row):
                guard let t = row.text else { return error(id: row.id, "text: missing") }
                emit(id: row.id, text: t)
            }
        }
    }

    /// A topic object up to its score: `{"id":"…","name":"…","score":`.
    static func topicPrefix(id: String, name: String) -> [UInt8] {
        var out = Array("{\"id\":".utf8)
        JSONWriter.string(id, into: &out)
        out.append(contentsOf: ",\"name\":".utf8)
        JSONWriter.string(name, into: &out)
        out.append(contentsOf: ",\"score\":".utf8)
        return out
    }

    /// The k-th topic object of a row: a comma after the first, the prefix, the score.
    private mutating func appendTopic(_ k: Int, _ prefix: [UInt8], _ score: Double) {
        if k > 0 { out.append(0x2C) }
        out.append(contentsOf: prefix)
        JSONWriter.score(score, into: &out)
        out.append(0x7D)
    }

    private mutating func error(id: ArraySlice<UInt8>?, _ message: String) {
        out.append(contentsOf: "{\"id\":".utf8)
        if let id { out.append(contentsOf: id) } else { out.append(contentsOf: "null".utf8) }
        out.append(contentsOf: ",\"error\":".utf8)
        JSONWriter.string(message, into: &out)
        out.append(contentsOf: "}\n".utf8)
    }

    private mutating func emit(id: ArraySlice<UInt8>?, text: String) {
        out.append(contentsOf: "{\"id\":".utf8)
        if let id { out.append(contentsOf: id) } else { out.append(contentsOf: "null".utf8) }
        out.append(contentsOf: ",\"topics\":[".utf8)
        var result = Classification(topics: [], sensitive: [], crisis: false)
        if let custom {
            for (k, (label, p)) in custom.top(top, text: text, scratch: &scratch).enumerated() {
                appendTopic(k, labelPrefixes[label], Double(p))
            }
            if screen { result = classifier.classify(text, top: 1, screen: true, scratch: &scratch) }
        } else {
            result = classifier.classify(text, top: top, screen: screen, scratch: &scratch)
            for (k, t) in result.topics.enumerated() {
                // The classifier reports taxonomy nodes only; the fallback keeps an unknown id printable.
                appendTopic(k, topicPrefixes[t.id] ?? Self.topicPrefix(id: t.id.rawValue, name: t.id.rawValue), t.score)
            }
        }
        out.append(contentsOf: "],\"sensitive\":[".utf8)
        for (k, c) in result.sensitive.enumerated() {
            if k > 0 { out.append(0x2C) }
            JSONWriter.string(c.rawValue, into: &out)
        }
        out.append(contentsOf: "],\"crisis\":".utf8)
        out.append(contentsOf: (result.crisis ? "true" : "false").utf8)
        out.append(contentsOf: ",\"adEligible\":".utf8)
        out.append(contentsOf: (result.adEligible ? "true" : "false").utf8)
        out.append(contentsOf: "}\n".utf8)
    }
}
