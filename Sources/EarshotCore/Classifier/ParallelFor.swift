import Dispatch
import Foundation

/// Runs `body(0..<n)` on `n` threads (the caller runs index 0) and waits for all of them.
///
/// `DispatchQueue.concurrentPerform` ran serially on Linux in measurements here, so training uses
/// plain threads.
func parallelFor(_ n: Int, _ body: @escaping @Sendable (Int) -> Void) {
    guard n > 1 else { body(0); return }
    let group = DispatchGroup()
    for i in 1..<n {
        group.enter()
        let thread = Thread {
            body(i)
            group.leave()
        }
        thread.stackSize = 1 << 22
        thread.start()
    }
    body(0)
    group.wait()
}
