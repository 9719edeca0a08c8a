package dev.streamgate.localgateway.internal;

import java.util.Base64;
import java.util.concurrent.ThreadLocalRandom;

/** Ids shaped like API Gateway's: 11 random bytes in standard Base64, e.g. {@code R1kmxc2VNjMCFIA=}. */
public final class Ids {

    private Ids() {
    }

    /**
     * A new id. Standard Base64 (with {@code +}, {@code /} and {@code =}) on purpose: clients must percent-encode
     * connection ids in {@code @connections} paths, as on AWS.
     */
    public static String next() {
        byte[] bytes = new byte[11];
        ThreadLocalRandom.current().nextBytes(bytes);
        return Base64.getEncoder().encodeToString(bytes);
    }

    /** A trace id in X-Ray's format, for the {@code X-Amzn-Trace-Id} header. */
    public static String traceId(long epochMillis) {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        return String.format("Root=1-%08x-%012x%012x", epochMillis / 1000, random.nextLong(1L << 48),
                random.nextLong(1L << 48));
    }
}
