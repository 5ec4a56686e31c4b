import Foundation
import PackagePlugin

/// Compiles the shipped lexicons (parsed entries and built tries) at build time, into the target's
/// resource bundle as `compiled-lexicon.bin`. The build reruns it whenever a lexicon or the taxonomy
/// changes; nothing generated is checked in.
@main
struct CompileLexicons: BuildToolPlugin {
    func createBuildCommands(context: PluginContext, target: Target) throws -> [Command] {
        let resources = target.directoryURL.appending(path: "Resources")
        var inputs = [resources.appending(path: "taxonomy/content-taxonomy-3.1.tsv")]
        for kind in ["sensitive", "interest"] {
            let dir = resources.appending(path: "lexicons/\(kind)")
            let files = try FileManager.default.contentsOfDirectory(atPath: dir.path).filter { $0.hasSuffix(".tsv") }.sorted()
            inputs += files.map { dir.appending(path: $0) }
        }
        let output = context.pluginWorkDirectoryURL.appending(path: "compiled-lexicon.bin")
        return [
            .buildCommand(
                displayName: "Compiling Earshot's lexicons",
                executable: try context.tool(named: "EarshotLexiconCompiler").url,
                arguments: [resources.path, output.path],
                inputFiles: inputs,
                outputFiles: [output])
        ]
    }
}
