package dev.streamgate.localgateway.internal;

import org.glassfish.grizzly.CompletionHandler;
import org.glassfish.grizzly.Connection;
import org.glassfish.grizzly.asyncqueue.AsyncQueueWriter;
import org.glassfish.grizzly.memory.Buffers;
import org.glassfish.grizzly.nio.NIOTransport;

/**
 * Bytes written straight to a Grizzly connection's write queue, as its transport filter would at the end of the
 * filter chain: written at once by the calling thread when nothing is queued (one system call), else queued in
 * order. Used for {@code @connections} answers and pushed frames, which need no filter's help.
 */
final class DirectWrites {

    private DirectWrites() {
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    static void write(Connection<?> connection, byte[] bytes, CompletionHandler<?> handler) {
        AsyncQueueWriter writer = ((NIOTransport) connection.getTransport()).getAsyncQueueIO().getWriter();
        writer.write(connection, Buffers.wrap(connection.getMemoryManager(), bytes), (CompletionHandler) handler);
    }

    /** One unmasked, final WebSocket frame: text (opcode 1) or binary (opcode 2). */
    static byte[] serverFrame(byte[] payload, boolean text) {
        int length = payload.length;
        int header = length < 126 ? 2 : length <= 0xFFFF ? 4 : 10;
        byte[] frame = new byte[header + length];
        frame[0] = (byte) (0x80 | (text ? 0x1 : 0x2));
        if (header == 2) {
            frame[1] = (byte) length;
        } else if (header == 4) {
            frame[1] = 126;
            frame[2] = (byte) (length >>> 8);
            frame[3] = (byte) length;
        } else {
            frame[1] = 127;
            for (int i = 0; i < 8; i++) {
                frame[2 + i] = (byte) ((long) length >>> (56 - 8 * i));
            }
        }
        System.arraycopy(payload, 0, frame, header, length);
        return frame;
    }
}
