package dev.streamgate.localgateway.bench;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * The leanest WebSocket client we can write: a blocking socket, a hand-written upgrade request, and a frame reader
 * for the unmasked frames a server sends. No threads or buffers of its own while idle, so a benchmark measures the
 * gateway, not the client.
 */
final class RawWebSocket implements AutoCloseable {

    private static final byte[] CRLFCRLF = {'\r', '\n', '\r', '\n'};

    private final Socket socket;
    private final InputStream in;

    private RawWebSocket(Socket socket) throws IOException {
        this.socket = socket;
        this.in = socket.getInputStream();
    }

    /** Connects from {@code localAddress} (null = any) and completes the upgrade; throws unless it answers 101. */
    static RawWebSocket connect(String host, int port, String path, String localAddress) throws IOException {
        Socket socket = new Socket();
        socket.setTcpNoDelay(true);
        if (localAddress != null) {
            socket.bind(new InetSocketAddress(localAddress, 0));
        }
        socket.connect(new InetSocketAddress(host, port), 10_000);
        String request = "GET " + path + " HTTP/1.1\r\nHost: " + host + ":" + port + "\r\nUpgrade: websocket\r\n"
                + "Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n"
                + "User-Agent: raw-bench\r\n\r\n";
        socket.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
        String head = readHead(socket.getInputStream());
        if (!head.startsWith("HTTP/1.1 101")) {
            socket.close();
            throw new IOException("upgrade refused: " + head.lines().findFirst().orElse(head));
        }
        return new RawWebSocket(socket);
    }

    static String readHead(InputStream in) throws IOException {
        StringBuilder head = new StringBuilder();
        int matched = 0;
        while (matched < 4) {
            int b = in.read();
            if (b < 0) {
                throw new EOFException("connection closed during the HTTP head: " + head);
            }
            head.append((char) b);
            matched = b == CRLFCRLF[matched] ? matched + 1 : (b == '\r' ? 1 : 0);
        }
        return head.toString();
    }

    /** Reads one whole server frame's payload into {@code buffer}; returns its length, or -1 on a close frame. */
    int readFrame(byte[] buffer) throws IOException {
        int b0 = readByte();
        int b1 = readByte();
        long length = b1 & 0x7f;
        if (length == 126) {
            length = (readByte() << 8) | readByte();
        } else if (length == 127) {
            length = 0;
            for (int i = 0; i < 8; i++) {
                length = (length << 8) | readByte();
            }
        }
        if (length > buffer.length) {
            throw new IOException("frame of " + length + " bytes does not fit the buffer");
        }
        int read = 0;
        while (read < length) {
            int n = in.read(buffer, read, (int) length - read);
            if (n < 0) {
                throw new EOFException();
            }
            read += n;
        }
        return (b0 & 0x0f) == 0x8 ? -1 : (int) length;
    }

    private int readByte() throws IOException {
        int b = in.read();
        if (b < 0) {
            throw new EOFException();
        }
        return b;
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
