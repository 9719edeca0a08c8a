package dev.streamgate.protocol.bench;

import dev.streamgate.protocol.EventSplitter;
import dev.streamgate.protocol.ProtocolCodec;
import dev.streamgate.protocol.ServerEvent;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntSupplier;

/**
 * Throughput of the wire codec and the splitter on one thread; prints a Markdown table.
 * Argument: seconds per measurement (default 2). Run: see modules/protocol/README.md.
 */
public final class ProtocolBench {
    private ProtocolBench() {
    }

    public static void main(String[] args) {
        double seconds = args.length > 0 ? Double.parseDouble(args[0]) : 2;
        ProtocolCodec codec = ProtocolCodec.create();
        EventSplitter splitter = EventSplitter.create();
        byte[] chat = ("{\"action\":\"chat\",\"requestId\":\"req-7f3a\",\"message\":\"" + "Explain the limit. ".repeat(50)
                + "\",\"options\":{\"firstTokenDelayMs\":500}}").getBytes(StandardCharsets.UTF_8);
        ServerEvent.Chunk chunk = new ServerEvent.Chunk("st-01JDQ4Z7", 1234, "token text, ".repeat(4));
        String longText = "Grüße 👋 \"quoted\"\n".repeat(10_000);
        AtomicLong seq = new AtomicLong();

        StringBuilder table = new StringBuilder("| operation | ops/s | µs/op |\n|---|---:|---:|\n");
        row(table, "parse chat frame (" + chat.length + " B)", seconds, () -> codec.parse(chat).hashCode());
        row(table, "write chunk event (" + codec.writeBytes(chunk).length + " B)", seconds, () -> codec.writeBytes(chunk).length);
        row(table, "split " + longText.getBytes(StandardCharsets.UTF_8).length / 1024 + " KB text into 32 KB chunks", seconds,
                () -> splitter.split("st-01JDQ4Z7", seq::getAndIncrement, longText).size());
        // CHECKSTYLE.OFF: NoSystemOut
        System.out.print(table);
        // CHECKSTYLE.ON: NoSystemOut
    }

    private static void row(StringBuilder table, String name, double seconds, IntSupplier op) {
        long sink = 0;
        long warmupEnd = System.nanoTime() + (long) (seconds * 0.5e9);
        while (System.nanoTime() < warmupEnd) {
            sink += op.getAsInt();
        }
        long ops = 0;
        long start = System.nanoTime();
        long end = start + (long) (seconds * 1e9);
        long now;
        do {
            for (int i = 0; i < 64; i++) {
                sink += op.getAsInt();
            }
            ops += 64;
            now = System.nanoTime();
        } while (now < end);
        double elapsed = (now - start) / 1e9;
        table.append(String.format("| %s | %,.0f | %.2f |%n", name, ops / elapsed, elapsed * 1e6 / ops));
        if (sink == 42) {
            table.append("");
        }
    }
}
