import EarshotCore
import Synchronization

/// Reusable ad-selection buffers shared by concurrent requests. A request takes one (or a fresh one
/// when all are in use) and gives it back, so that the per-campaign stamps are not allocated and
/// zeroed on every request. The lock is held only to move a buffer in or out of the list.
final class ScratchPool: Sendable {
    private let free = Mutex<[AdSelector.Scratch]>([])
    /// Buffers kept at most (about one per concurrent request on a small machine).
    private let keep: Int

    init(keep: Int = 8) { self.keep = keep }

    func take() -> AdSelector.Scratch {
        free.withLock { $0.popLast() } ?? AdSelector.Scratch()
    }

    func give(_ scratch: sending AdSelector.Scratch) {
        free.withLock { list in
            if list.count < keep { list.append(scratch) }
        }
    }
}
