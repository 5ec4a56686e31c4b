import ArgumentParser

/// The `earshot` command: a thin shell over the engine.
@main
struct Earshot: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "earshot",
        abstract: "Interest signals from AI conversations, with every privacy safeguard as code.",
        subcommands: [
            ServeCommand.self, IngestCommand.self, ProfileCommand.self, AdsCommand.self, FeedCommand.self, WhyCommand.self,
            ClickCommand.self, CampaignsCommand.self, AdvertisersCommand.self, SegmentsCommand.self, EnrichCommand.self,
            ExplainEventCommand.self, ForgetCommand.self, ClassifyCommand.self, EvalCommand.self, TrainCommand.self,
            PrepareDataCommand.self, PolicyCheckCommand.self, ExportCommand.self, PurgeCommand.self, PolicyShowCommand.self,
            KeysCommand.self,
        ])
}
