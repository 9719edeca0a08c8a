package dev.streamgate.launcher.internal;

import dev.streamgate.launcher.LocalStackStartException;
import java.io.IOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.function.IntFunction;

/** Picks a free port when a listener's port must be known before it starts (it is baked into another's config). */
public final class FreePort {

    private static final int ATTEMPTS = 5;

    private FreePort() {
    }

    /**
     * Starts a listener with {@code start} on {@link #pick}'s port. A picked port is only free when picked: any
     * outgoing connection on the machine may take it as its local port before the listener binds it, so when
     * {@code wanted} is 0 and the start fails with a {@link BindException} anywhere in its causes, a new port is
     * picked, up to five times. A port the caller asked for is never replaced.
     */
    public static <T> T startOnPicked(String host, int wanted, IntFunction<T> start) {
        for (int attempt = 1; ; attempt++) {
            int port = pick(host, wanted);
            try {
                return start.apply(port);
            } catch (RuntimeException e) {
                if (wanted != 0 || attempt == ATTEMPTS || !portTaken(e)) {
                    throw e;
                }
            }
        }
    }

    private static boolean portTaken(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof BindException) {
                return true;
            }
        }
        return false;
    }

    /** A port free on {@code host} right now; {@code wanted} itself when it is not 0. */
    public static int pick(String host, int wanted) {
        if (wanted != 0) {
            return wanted;
        }
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName(host))) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new LocalStackStartException("no free port on " + host, e);
        }
    }
}
