import Foundation

/// An HTTPS server on 127.0.0.1 with a freshly made self-signed certificate (openssl + python3's
/// http.server), for checking that TLS is verified and that a custom CA bundle is honoured.
/// Every GET answers an empty OpenAI-style list. Use `serve`, which stops it however the test
/// ends: python ignores a SIGTERM here (see `BackgroundProcess`), so it is killed and reaped.
public final class TLSTestServer: Sendable {
    public let port: Int
    /// The server's own pid, as python reports it (the process that must be gone after `stop`).
    public let pid: Int32
    /// The PEM certificate, which is its own CA.
    public let certificatePath: String
    private let folder: String
    private let process: BackgroundProcess

    public var baseURL: String { "https://127.0.0.1:\(port)" }

    /// Runs `body` with a started server, and stops it afterwards, also when `body` throws.
    public static func serve<T: Sendable>(_ body: (TLSTestServer) async throws -> T) async throws -> T {
        let server = try await start()
        do {
            let result = try await body(server)
            await server.stop()
            return result
        } catch {
            await server.stop()
            throw error
        }
    }

    public static func start() async throws -> TLSTestServer {
        let folder = NSTemporaryDirectory() + "ftctl-tls-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let cert = folder + "/cert.pem", key = folder + "/key.pem"
        try await offPool { try makeCertificate(cert: cert, key: key) }

        let script = """
        import http.server, os, ssl, sys
        class H(http.server.BaseHTTPRequestHandler):
            def do_GET(self):
                b = b'{"object":"list","data":[],"has_more":false}'
                self.send_response(200)
                self.send_header('Content-Type', 'application/json')
                self.send_header('Content-Length', str(len(b)))
                self.end_headers()
                self.wfile.write(b)
            def log_message(self, *a):
                pass
        s = http.server.HTTPServer(('127.0.0.1', 0), H)
        ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        ctx.load_cert_chain(sys.argv[1], sys.argv[2])
        s.socket = ctx.wrap_socket(s.socket, server_side=True)
        print(s.server_address[1], os.getpid(), flush=True)
        s.serve_forever()
        """
        let python = try BackgroundProcess("/usr/bin/env", ["python3", "-c", script, cert, key],
                                           environment: ProcessInfo.processInfo.environment, directory: folder)
        _ = await BackgroundProcess.until(timeout: 30) { python.stdout.contains("\n") || !python.isRunning }
        let words = python.stdout.split(whereSeparator: \.isWhitespace)
        guard words.count == 2, let port = Int(words[0]), let pid = Int32(words[1]) else {
            await python.stop()
            try? FileManager.default.removeItem(atPath: folder)
            throw CocoaError(.executableLoad)
        }
        return TLSTestServer(port: port, pid: pid, certificatePath: cert, folder: folder, process: python)
    }

    private static func makeCertificate(cert: String, key: String) throws {
        let openssl = Process()
        openssl.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        openssl.arguments = ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", key, "-out", cert,
                             "-days", "1", "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1"]
        openssl.standardOutput = FileHandle.nullDevice
        openssl.standardError = FileHandle.nullDevice
        try openssl.run()
        openssl.waitUntilExit()
        guard openssl.terminationStatus == 0 else { throw CocoaError(.executableLoad) }
    }

    private init(port: Int, pid: Int32, certificatePath: String, folder: String, process: BackgroundProcess) {
        self.port = port
        self.pid = pid
        self.certificatePath = certificatePath
        self.folder = folder
        self.process = process
    }

    /// Kills the server, waits until it is reaped, and removes its certificate.
    public func stop() async {
        await process.stop()
        try? FileManager.default.removeItem(atPath: folder)
    }
}
