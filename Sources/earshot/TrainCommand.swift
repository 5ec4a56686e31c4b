import ArgumentParser
import EarshotCore
import EarshotEngine
import Foundation

struct TrainCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "train",
        abstract: "Train a hashed n-gram classifier on {\"text\", \"labels\"} rows (any label strings).",
        discussion: """
            Deterministic for a seed, thread count and input. Progress goes to a terminal's standard error. \
            A row may add "ignore": label prefixes it says nothing about (e.g. ["sensitive:"]): training \
            then neither confirms nor denies those labels for it.
            """)

    @Option(help: "JSON Lines training file.") var input: String
    @Option(help: "Where to write the model.") var output: String
    @Option(help: "Vector size.") var dim = 32
    @Option(help: "Passes over the data.") var epoch = 5
    @Option(help: "Initial learning rate.") var lr: Float = 0.5
    @Option(help: "Hash buckets as a power of two (e.g. 18 = 262,144).") var bucketBits = 18
    @Option(name: .customLong("word-ngrams"), help: "Word n-gram length (1 or 2).") var wordNgrams = 2
    @Option(name: .customLong("char-min"), help: "Shortest character n-gram of a word (0 = none).") var charMin = 0
    @Option(name: .customLong("char-max"), help: "Longest character n-gram of a word.") var charMax = 0
    @Option(help: "Negative labels sampled per example (0 = all labels).") var negatives = 0
    @Option(help: "Worker threads.") var threads = 2
    @Option(help: "Random seed.") var seed: UInt64 = 1
    @Option(name: .customLong("keep-labels"), parsing: .upToNextOption,
            help: "Keep only labels that start with one of these prefixes (e.g. sensitive: crisis); rows left without labels still train as negatives.")
    var keepLabels: [String] = []

    func validate() throws {
        guard (10...24).contains(bucketBits) else { throw ValidationError("--bucket-bits must be between 10 and 24") }
        guard (1...2).contains(wordNgrams) else { throw ValidationError("--word-ngrams must be 1 or 2") }
        guard charMin == 0 || (1...charMax).contains(charMin), charMax <= 8 else {
            throw ValidationError("--char-min must be 0 or between 1 and --char-max (at most 8)")
        }
        guard (1...1024).contains(dim), (1...1000).contains(epoch), lr > 0, (1...64).contains(threads) else {
            throw ValidationError("--dim, --epoch, --lr and --threads must be positive (dim ≤ 1024, threads ≤ 64)")
        }
    }

    func run() throws {
        guard let data = FileManager.default.contents(atPath: input) else { throw CLIError("cannot read \(input)") }
        var (examples, problems) = TrainingFile.read(data)
        for p in problems.prefix(20) { FileHandle.standardError.write(Data("\(p)\n".utf8)) }
        if !problems.isEmpty { throw CLIError("\(problems.count) invalid line(s) in \(input); nothing was trained") }
        guard !examples.isEmpty else { throw CLIError("\(input) has no training rows") }
        if !keepLabels.isEmpty {
            for i in examples.indices {
                examples[i].labels.removeAll { label in !keepLabels.contains { label.hasPrefix($0) } }
            }
            guard examples.contains(where: { !$0.labels.isEmpty }) else {
                throw CLIError("no label in \(input) starts with \(keepLabels.joined(separator: " or "))")
            }
        }
        var options = TrainingOptions()
        options.dim = dim
        options.epochs = epoch
        options.learningRate = lr
        options.hasher = FeatureHasher(wordNgrams: wordNgrams, charMin: charMin, charMax: charMax, buckets: 1 << bucketBits)
        options.negatives = negatives
        options.threads = threads
        options.seed = seed
        let terminal = isatty(2) == 1
        let start = Date()
        let model = ModelTrainer.train(examples, options: options) { p in
            guard terminal else { return }
            let line = String(format: "\rEpoch %d/%d  %5.1f%%  loss %.4f  %.0f examples/s   ", p.epoch, p.epochs,
                              Double(p.processed) / Double(p.total) * 100, p.averageLoss, p.examplesPerSecond)
            FileHandle.standardError.write(Data(line.utf8))
        }
        if terminal { FileHandle.standardError.write(Data("\n".utf8)) }
        let bytes = model.serialized()
        guard FileManager.default.createFile(atPath: output, contents: Data(bytes)) else {
            throw CLIError("cannot write \(output)")
        }
        print(String(format: "Trained on %d examples, %d labels in %.1fs; wrote %@ (%.1f MB)", examples.count,
                     model.labels.count, Date().timeIntervalSince(start), output, Double(bytes.count) / 1e6))
    }
}

/// Reads `{"text", "labels"}` JSON Lines (with an optional `"ignore"`: label prefixes the row says nothing
/// about, see ``TrainingExample``), collecting every problem with its line number.
enum TrainingFile {
    private struct Row: Decodable {
        let text: String
        let labels: [String]
        let ignore: [String]?
    }

    static func read(_ data: Data) -> ([TrainingExample], [String]) {
        var examples: [TrainingExample] = []
        var problems: [String] = []
        var reader = JSONLinesReader(data: data)
        let decoder = JSONDecoder()
        while let line = reader.next() {
            do {
                let row = try decoder.decode(Row.self, from: line.bytes)
                examples.append(TrainingExample(text: row.text, labels: row.labels, ignored: row.ignore ?? []))
            } catch {
                let (field, message) = JSONCoding.describe(error)
                problems.append("line \(line.number): \(field) \(message)")
            }
        }
        return (examples, problems)
    }
}
