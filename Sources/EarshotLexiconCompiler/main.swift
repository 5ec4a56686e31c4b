import EarshotCore
import EarshotResourceFiles
import Foundation

// Build-time tool (run by the CompileLexicons plugin): parses the lexicons under a resources folder,
// builds their tries and writes the compiled lexicon that `ShippedData` loads instead of parsing
// 100,000 lines at every start. A lexicon problem fails the build, with every bad line named.
//
// Usage: EarshotLexiconCompiler RESOURCES_DIR OUTPUT_FILE

let arguments = CommandLine.arguments
guard arguments.count == 3 else {
    FileHandle.standardError.write(Data("usage: EarshotLexiconCompiler RESOURCES_DIR OUTPUT_FILE\n".utf8))
    exit(2)
}
let root = URL(fileURLWithPath: arguments[1])
do {
    let taxonomy = try ResourceFiles.taxonomy(in: root)
    let sources = ResourceFiles.lexiconSources(in: root)
    let lexicon = try Lexicon(sources: sources, taxonomy: taxonomy)
    try Data(lexicon.compiled(sources: sources, taxonomy: taxonomy)).write(to: URL(fileURLWithPath: arguments[2]), options: .atomic)
} catch {
    FileHandle.standardError.write(Data("error: \(error)\n".utf8))
    exit(1)
}
