import Foundation

/// An HTTPS server on 127.0.0.1 with a freshly made self-signed certificate (openssl + python3's
/// http.server), for checking that TLS is verified and that a custom CA bundle is honoured.
/// Every GET answers an empty OpenAI-style list.
public final class TLSTestServer: @unchecked Sendable {
    public let port: Int
    /// The PEM certificate, which is its own CA.
    public let certificatePath: String
    private let process: Process

    public var baseURL: String { "https://127.0.0.1:\(port)" }

    public static func start() async throws -> TLSTestServer {
        try await offPool { try startBlocking() }
    }

    private static func startBlocking() throws -> TLSTestServer {
        let dir = NSTemporaryDirectory() + "ftctl-tls-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        let cert = dir + "/cert.pem", key = dir + "/key.pem"
        let openssl = Process()
        openssl.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        openssl.arguments = ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", key, "-out", cert,
                             "-days", "1", "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1"]
        openssl.standardOutput = FileHandle.nullDevice
        openssl.standardError = FileHandle.nullDevice
        try openssl.run()
        openssl.waitUntilExit()
        guard openssl.terminationStatus == 0 else { throw CocoaError(.executableLoad) }

        let script = """
        import http.server, ssl, sys
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
        print(s.server_address[1], flush=True)
        s.serve_forever()
        """
        let python = Process()
        python.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        python.arguments = ["python3", "-c", script, cert, key]
        let out = Pipe()
        python.standardOutput = out
        python.standardError = FileHandle.nullDevice
        try python.run()
        var text = Data()
        while !text.contains(UInt8(ascii: "\n")) {
            let chunk = out.fileHandleForReading.availableData
            if chunk.isEmpty { break }
            text.append(chunk)
        }
        guard let port = Int(String(decoding: text, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)) else {
            python.terminate()
            throw CocoaError(.executableLoad)
        }
        return TLSTestServer(port: port, certificatePath: cert, process: python)
    }

    private init(port: Int, certificatePath: String, process: Process) {
        self.port = port
        self.certificatePath = certificatePath
        self.process = process
    }

    public func stop() {
        if process.isRunning { process.terminate() }
    }

    deinit { stop() }
}
