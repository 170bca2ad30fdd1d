import CCurl
import FTCore
import Foundation

/// One request in flight. Created by the caller, then used only on the curl thread, which alone
/// creates, drives and cleans up its easy handle. libcurl reaches it through `Unmanaged` userdata.
final class CurlTransfer: @unchecked Sendable {
    // Unchecked: only the curl thread touches the handle and response; `cancelled` is under cancelLock.
    let request: HTTPRequest
    let options: CurlTransport.Options
    var continuation: CheckedContinuation<HTTPResponse, any Error>?
    private(set) var easy: UnsafeMutableRawPointer?

    private let cancelLock = NSLock()
    private var cancelled = false

    // Response state, filled by the callbacks.
    private var status = 0
    private var headers = HTTPHeaders()
    private var body = Data()
    /// Error bodies are buffered for the error message, but only this much of them.
    private static let errorBodyLimit = 1 << 20
    /// Set when a callback failed for a reason of ours (a sink that could not write, a file gone).
    private var callbackError: FTError?

    private let upload: UploadReader
    private var headerList: UnsafeMutablePointer<curl_slist>?
    /// Where libcurl writes its error text; allocated for the transfer's life, since libcurl keeps
    /// the pointer (an array's buffer must not escape `withUnsafeBufferPointer`).
    private let errorBuffer: UnsafeMutablePointer<CChar> = {
        let p = UnsafeMutablePointer<CChar>.allocate(capacity: Int(CURL_ERROR_SIZE) + 1)
        p.initialize(repeating: 0, count: Int(CURL_ERROR_SIZE) + 1)
        return p
    }()
    private var lastProgress: Int64 = -1

    init(request: HTTPRequest, options: CurlTransport.Options) throws {
        self.request = request
        self.options = options
        self.upload = UploadReader(body: request.body, observer: request.bodyObserver)
    }

    deinit {
        errorBuffer.deallocate()
    }

    var isCancelled: Bool {
        cancelLock.lock(); defer { cancelLock.unlock() }
        return cancelled
    }

    func markCancelled() {
        cancelLock.lock(); cancelled = true; cancelLock.unlock()
    }

    // MARK: Setting up the handle

    func makeHandle() throws -> UnsafeMutableRawPointer {
        guard let h = ftcurl_easy_init() else {
            throw FTError(.internalError, what: request.operation, why: "libcurl could not make a handle")
        }
        easy = h
        let me = Unmanaged.passUnretained(self).toOpaque()
        var ok = true
        func set(_ code: CURLcode) { if code != CURLE_OK { ok = false } }

        set(ftcurl_setopt_string(h, FTCURLOPT_URL, request.url))
        set(ftcurl_setopt_pointer(h, FTCURLOPT_PRIVATE, me))
        // Signals would interrupt other threads of the process; timeouts must not use them.
        set(ftcurl_setopt_long(h, FTCURLOPT_NOSIGNAL, 1))
        set(ftcurl_setopt_pointer(h, FTCURLOPT_ERRORBUFFER, UnsafeMutableRawPointer(errorBuffer)))
        set(ftcurl_setopt_long(h, FTCURLOPT_SSL_VERIFYPEER, 1))
        set(ftcurl_setopt_long(h, FTCURLOPT_SSL_VERIFYHOST, 2))
        if let ca = options.caBundle { set(ftcurl_setopt_string(h, FTCURLOPT_CAINFO, ca)) }
        // Redirects are followed by CurlTransport, not libcurl: libcurl would send custom headers
        // (X-API-Key, x-portkey-api-key) on to another host.
        set(ftcurl_setopt_long(h, FTCURLOPT_FOLLOWLOCATION, 0))
        set(ftcurl_setopt_long(h, FTCURLOPT_TCP_KEEPALIVE, 1))
        set(ftcurl_setopt_string(h, FTCURLOPT_ACCEPT_ENCODING, ""))
        set(ftcurl_setopt_long(h, FTCURLOPT_CONNECTTIMEOUT_MS, Self.millis(request.connectTimeout ?? options.connectTimeout)))
        let timeout: Double? = switch request.timeout {
        case .default: options.timeout
        case .none: nil
        case .seconds(let s): s
        }
        set(ftcurl_setopt_long(h, FTCURLOPT_TIMEOUT_MS, timeout.map(Self.millis) ?? 0))
        let lowSpeed = request.lowSpeed ?? options.lowSpeed
        set(ftcurl_setopt_long(h, FTCURLOPT_LOW_SPEED_LIMIT, lowSpeed.bytesPerSecond))
        set(ftcurl_setopt_long(h, FTCURLOPT_LOW_SPEED_TIME, lowSpeed.seconds))

        set(ftcurl_setopt_data_cb(h, FTCURLOPT_HEADERFUNCTION, curlHeaderCallback))
        set(ftcurl_setopt_pointer(h, FTCURLOPT_HEADERDATA, me))
        set(ftcurl_setopt_data_cb(h, FTCURLOPT_WRITEFUNCTION, curlWriteCallback))
        set(ftcurl_setopt_pointer(h, FTCURLOPT_WRITEDATA, me))
        set(ftcurl_setopt_long(h, FTCURLOPT_NOPROGRESS, 0))
        set(ftcurl_setopt_xferinfo_cb(h, curlProgressCallback))
        set(ftcurl_setopt_pointer(h, FTCURLOPT_XFERINFODATA, me))

        var headers = request.headers
        let length = request.body.contentLength
        switch request.method {
        case .get where length == 0:
            set(ftcurl_setopt_long(h, FTCURLOPT_HTTPGET, 1))
        case .head:
            set(ftcurl_setopt_long(h, FTCURLOPT_NOBODY, 1))
        default:
            if length > 0 || request.method == .post || request.method == .put || request.method == .patch {
                // POST mechanics carry any body; CUSTOMREQUEST then names the real method.
                set(ftcurl_setopt_long(h, FTCURLOPT_POST, 1))
                set(ftcurl_setopt_off(h, FTCURLOPT_POSTFIELDSIZE_LARGE, curl_off_t(length)))
                set(ftcurl_setopt_data_cb(h, FTCURLOPT_READFUNCTION, curlReadCallback))
                set(ftcurl_setopt_pointer(h, FTCURLOPT_READDATA, me))
                set(ftcurl_setopt_seek_cb(h, curlSeekCallback))
                set(ftcurl_setopt_pointer(h, FTCURLOPT_SEEKDATA, me))
                set(ftcurl_setopt_long(h, FTCURLOPT_UPLOAD_BUFFERSIZE, 256 * 1024))
                // Sending at once beats waiting a second for a 100-continue most servers never send.
                if !headers.contains("Expect") { headers["Expect"] = "" }
                if !headers.contains("Content-Type") && length > 0 { headers["Content-Type"] = "application/octet-stream" }
                // A body-less POST carries no Content-Type: libcurl would add
                // application/x-www-form-urlencoded, which Portkey's validator refuses with 400
                // "Invalid content type passed" (Portkey-AI/gateway src/middlewares/requestValidator/index.ts).
                // An empty value makes the header loop below write "Content-Type:", which removes it.
                if !headers.contains("Content-Type") && length == 0 { headers["Content-Type"] = "" }
            }
            if request.method != .post {
                set(ftcurl_setopt_string(h, FTCURLOPT_CUSTOMREQUEST, request.method.rawValue))
            }
        }
        for (name, value) in headers {
            // "Name:" removes a header curl would add; "Name;" sends it empty.
            let line = value.isEmpty ? "\(name):" : "\(name): \(value)"
            headerList = ftcurl_slist_append(headerList, line)
        }
        set(ftcurl_setopt_slist(h, FTCURLOPT_HTTPHEADER, headerList))
        guard ok else {
            throw FTError(.internalError, what: request.operation, why: "libcurl refused an option for \(request.url)")
        }
        return h
    }

    private static func millis(_ seconds: Double) -> Int {
        Int(min(max(seconds, 0.001), 1e8) * 1000)
    }

    // MARK: Callbacks (curl thread)

    func onHeader(_ line: String) {
        if line.hasPrefix("HTTP/") {
            // A new response starts (after a redirect or a 100 Continue): forget the last one's headers.
            headers = HTTPHeaders()
            let parts = line.split(separator: " ", maxSplits: 2)
            status = parts.count > 1 ? Int(parts[1]) ?? 0 : 0
        } else if let (n, v) = HTTPHeaders.parseLine(line.trimmingNewlines()) {
            headers.add(n, v)
        }
    }

    /// Returns false to abort the transfer.
    func onData(_ bytes: UnsafeRawBufferPointer) -> Bool {
        if let sink = request.sink, (200..<300).contains(status) {
            do {
                try sink.receive(bytes)
            } catch {
                callbackError = (error as? FTError) ?? FTError(.io, what: request.operation, why: "could not write the download: \(error)")
                return false
            }
        } else if request.sink == nil {
            // A buffered answer past the cap is a hostile or mistaken one: stop reading it.
            guard body.count + bytes.count <= options.maxBodyBytes else {
                callbackError = FTError(.badResponse, what: request.operation,
                                        why: "the response is larger than \(options.maxBodyBytes >> 20) MiB, more than any API answer ftctl reads",
                                        hint: "Check the base URL: it may point at something that is not the provider's API.", setting: .baseURL)
                return false
            }
            body.append(bytes.bindMemory(to: UInt8.self))
        } else if body.count < Self.errorBodyLimit {
            body.append(bytes.bindMemory(to: UInt8.self))
        }
        return true
    }

    func onRead(into buffer: UnsafeMutableRawBufferPointer) -> Int? {
        do {
            return try upload.read(into: buffer)
        } catch {
            callbackError = (error as? FTError) ?? FTError(.io, what: request.operation, why: "\(error)")
            return nil
        }
    }

    func onSeek(offset: Int64, origin: Int32) -> Bool {
        guard offset == 0, origin == SEEK_SET else { return false }
        upload.rewind()
        return true
    }

    func onProgress(uploaded: Int64, uploadTotal: Int64) -> Bool {
        if let report = request.uploadProgress, uploaded != lastProgress, uploadTotal > 0 || uploaded > 0 {
            lastProgress = uploaded
            report(uploaded, max(uploadTotal, request.body.contentLength))
        }
        return !isCancelled
    }

    // MARK: Finishing (curl thread)

    func result(for code: CURLcode) -> Result<HTTPResponse, any Error> {
        if code == CURLE_OK {
            var reused: Bool?
            var connects: Int = 0
            if let easy, ftcurl_getinfo_long(easy, FTCURLINFO_NUM_CONNECTS, &connects) == CURLE_OK { reused = connects == 0 }
            var effective: UnsafeMutablePointer<CChar>?
            var url = request.url
            if let easy, ftcurl_getinfo_string(easy, FTCURLINFO_EFFECTIVE_URL, &effective) == CURLE_OK, let effective {
                url = String(cString: effective)
            }
            var response = HTTPResponse(status: status, headers: headers, body: body, url: url)
            response.reusedConnection = reused
            return .success(response)
        }
        if let callbackError { return .failure(callbackError) }
        if isCancelled { return .failure(FTError(.cancelled, what: request.operation, why: "cancelled")) }
        return .failure(CurlErrorMapping.error(code: code, detail: errorText, url: request.url, operation: request.operation, osErrno: osErrno))
    }

    private var errorText: String {
        let text = String(cString: errorBuffer)
        return text.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    private var osErrno: Int {
        var value = 0
        if let easy { _ = ftcurl_getinfo_long(easy, CURLINFO_OS_ERRNO, &value) }
        return value
    }

    /// Hands the outcome to the waiting task and frees everything libcurl held.
    func finish(_ result: Result<HTTPResponse, any Error>) {
        if let easy { ftcurl_easy_cleanup(easy) }
        easy = nil
        if let headerList { ftcurl_slist_free_all(headerList) }
        headerList = nil
        upload.close()
        continuation?.resume(with: result)
        continuation = nil
    }
}

// MARK: - C callbacks: recover the transfer from userdata and forward.

private func transfer(_ userdata: UnsafeMutableRawPointer?) -> CurlTransfer {
    Unmanaged<CurlTransfer>.fromOpaque(userdata!).takeUnretainedValue()
}

private let curlHeaderCallback: ftcurl_data_cb = { ptr, size, count, userdata in
    let n = size * count
    guard let ptr else { return n }
    let line = String(decoding: UnsafeRawBufferPointer(start: ptr, count: n), as: UTF8.self)
    transfer(userdata).onHeader(line)
    return n
}

private let curlWriteCallback: ftcurl_data_cb = { ptr, size, count, userdata in
    let n = size * count
    guard let ptr else { return n }
    return transfer(userdata).onData(UnsafeRawBufferPointer(start: ptr, count: n)) ? n : 0
}

private let curlReadCallback: ftcurl_data_cb = { ptr, size, count, userdata in
    guard let ptr else { return 0 }
    let buffer = UnsafeMutableRawBufferPointer(start: ptr, count: size * count)
    return transfer(userdata).onRead(into: buffer) ?? Int(FTCURL_READFUNC_ABORT)
}

private let curlSeekCallback: ftcurl_seek_cb = { userdata, offset, origin in
    transfer(userdata).onSeek(offset: Int64(offset), origin: origin) ? FTCURL_SEEKFUNC_OK : FTCURL_SEEKFUNC_CANTSEEK
}

private let curlProgressCallback: ftcurl_xferinfo_cb = { userdata, _, _, ultotal, ulnow in
    transfer(userdata).onProgress(uploaded: Int64(ulnow), uploadTotal: Int64(ultotal)) ? 0 : 1
}
