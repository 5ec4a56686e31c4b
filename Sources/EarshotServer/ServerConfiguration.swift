import Foundation

/// How the HTTP server listens and what it accepts. Every field has a default.
public struct ServerConfiguration: Sendable {
    public var host = "127.0.0.1"
    public var port = 8080
    /// The largest request body accepted, in bytes.
    public var maxBodyBytes = 1 << 20
    /// Called once the server listens, with the port it got (useful with port 0).
    public var onListening: @Sendable (Int) async -> Void = { _ in }

    public init() {}
}
