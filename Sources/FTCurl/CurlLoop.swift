import CCurl
import FTCore
import Foundation

/// The thread that runs every transfer of the process. Other threads only enqueue commands
/// (start, cancel) and wake it; all libcurl calls on handles happen here.
final class CurlLoop: @unchecked Sendable {
    // Unchecked: `commands` is under `lock`; the multi handle and `active` live on the curl thread.
    static let shared = CurlLoop()

    private enum Command {
        case start(CurlTransfer)
        case cancel(CurlTransfer)
    }

    private let lock = NSLock()
    private var commands: [Command] = []
    private let multi: UnsafeMutableRawPointer
    /// Transfers in flight, by easy handle.
    private var active: [UnsafeMutableRawPointer: CurlTransfer] = [:]

    private init() {
        precondition(CurlGlobal.initialized, "curl_global_init failed")
        multi = ftcurl_multi_init()!
        // Keep idle connections to more hosts than libcurl's default (4 per running transfer),
        // so a busy process does not evict the one it will use next.
        _ = ftcurl_multi_setopt_long(multi, FTCURLMOPT_MAXCONNECTS, 64)
        let thread = Thread { [unowned self] in self.run() }
        thread.name = "ftctl-curl"
        thread.start()
    }

    func submit(_ transfer: CurlTransfer) {
        enqueue(.start(transfer))
    }

    func cancel(_ transfer: CurlTransfer) {
        transfer.markCancelled()
        enqueue(.cancel(transfer))
    }

    private func enqueue(_ command: Command) {
        lock.lock()
        commands.append(command)
        lock.unlock()
        ftcurl_multi_wakeup(multi)
    }

    private func run() {
        while true {
            lock.lock()
            let pending = commands
            commands.removeAll()
            lock.unlock()
            for command in pending {
                switch command {
                case .start(let t): start(t)
                case .cancel(let t): abort(t, with: FTError(.cancelled, what: t.request.operation, why: "cancelled"))
                }
            }
            var running: Int32 = 0
            ftcurl_multi_perform(multi, &running)
            collectFinished()
            // Waits for socket activity, a timer, or curl_multi_wakeup from enqueue.
            ftcurl_multi_poll(multi, nil, 0, active.isEmpty ? 10_000 : 200, nil)
        }
    }

    private func start(_ transfer: CurlTransfer) {
        if transfer.isCancelled {
            transfer.finish(.failure(FTError(.cancelled, what: transfer.request.operation, why: "cancelled")))
            return
        }
        do {
            let easy = try transfer.makeHandle()
            active[easy] = transfer
            ftcurl_multi_add_handle(multi, easy)
        } catch {
            transfer.finish(.failure(error))
        }
    }

    private func abort(_ transfer: CurlTransfer, with error: FTError) {
        guard let easy = transfer.easy, active[easy] != nil else { return }
        active[easy] = nil
        ftcurl_multi_remove_handle(multi, easy)
        transfer.finish(.failure(error))
    }

    private func collectFinished() {
        var left: Int32 = 0
        while let message = ftcurl_multi_info_read(multi, &left) {
            guard message.pointee.msg == CURLMSG_DONE, let handle = message.pointee.easy_handle else { continue }
            let easy = handle
            let code = message.pointee.data.result
            guard let transfer = active.removeValue(forKey: easy) else { continue }
            ftcurl_multi_remove_handle(multi, handle)
            transfer.finish(transfer.result(for: code))
        }
    }
}
