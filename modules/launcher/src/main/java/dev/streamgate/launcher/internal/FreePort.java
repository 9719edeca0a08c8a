package dev.streamgate.launcher.internal;

import dev.streamgate.launcher.LocalStackStartException;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;

/** Picks a free port when a listener's port must be known before it starts (it is baked into another's config). */
public final class FreePort {

    private FreePort() {
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
