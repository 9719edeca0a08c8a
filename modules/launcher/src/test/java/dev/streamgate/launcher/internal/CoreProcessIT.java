package dev.streamgate.launcher.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.streamgate.launcher.LocalStackStartException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A core JVM that cannot bind its port says so, with a cause {@link FreePort#startOnPicked} retries on. */
class CoreProcessIT {

    @Test
    void aCoreWhosePortIsTakenFailsWithTheReasonAndABindExceptionCause() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"))) {
            int port = taken.getLocalPort();
            Map<String, String> env = Map.of("SG_HOST", "127.0.0.1", "SG_PORT", Integer.toString(port));
            assertThatThrownBy(() -> CoreProcess.start(env, "127.0.0.1", port, Duration.ofSeconds(30)))
                    .isInstanceOf(LocalStackStartException.class)
                    .hasMessageContaining("exited")
                    .hasMessageContaining("cannot listen on 127.0.0.1:" + port)
                    .cause().isInstanceOf(BindException.class);
        }
    }

    @Test
    void aCoreOnAPickedPortStartsAndStops() {
        CoreProcess core = FreePort.startOnPicked("127.0.0.1", 0, port -> CoreProcess.start(
                Map.of("SG_HOST", "127.0.0.1", "SG_PORT", Integer.toString(port)), "127.0.0.1", port, Duration.ofSeconds(30)));
        try (core) {
            assertThat(core.url()).startsWith("http://127.0.0.1:");
        }
    }
}
