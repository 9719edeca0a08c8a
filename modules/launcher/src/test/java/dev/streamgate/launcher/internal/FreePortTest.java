package dev.streamgate.launcher.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class FreePortTest {

    private static final String HOST = "127.0.0.1";

    private static ServerSocket bind(int port) {
        try {
            return new ServerSocket(port, 50, InetAddress.getByName(HOST));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot listen on " + port, e);
        }
    }

    @Test
    void aPickedPortTakenBeforeTheListenerBindsItIsReplacedByAnother() throws IOException {
        List<Integer> tried = new ArrayList<>();
        List<ServerSocket> thieves = new ArrayList<>();
        try {
            ServerSocket listener = FreePort.startOnPicked(HOST, 0, port -> {
                tried.add(port);
                if (tried.size() <= 2) {
                    thieves.add(bind(port)); // someone else takes the port between the pick and the bind
                }
                return bind(port);
            });
            try (listener) {
                assertThat(tried).hasSize(3);
                assertThat(listener.getLocalPort()).isEqualTo(tried.get(2));
                assertThat(listener.isBound()).isTrue();
            }
        } finally {
            for (ServerSocket thief : thieves) {
                thief.close();
            }
        }
    }

    @Test
    void aPortTheCallerAskedForIsNeverReplaced() throws IOException {
        try (ServerSocket taken = bind(0)) {
            List<Integer> tried = new ArrayList<>();
            assertThatThrownBy(() -> FreePort.startOnPicked(HOST, taken.getLocalPort(), port -> {
                tried.add(port);
                return bind(port);
            })).isInstanceOf(UncheckedIOException.class).hasRootCauseInstanceOf(BindException.class);
            assertThat(tried).containsExactly(taken.getLocalPort());
        }
    }

    @Test
    void otherFailuresAreNotRetried() {
        List<Integer> tried = new ArrayList<>();
        assertThatThrownBy(() -> FreePort.startOnPicked(HOST, 0, port -> {
            tried.add(port);
            throw new IllegalStateException("bad configuration");
        })).isInstanceOf(IllegalStateException.class).hasMessage("bad configuration");
        assertThat(tried).hasSize(1);
    }

    @Test
    void givesUpAfterFiveTakenPorts() {
        List<Integer> tried = new ArrayList<>();
        assertThatThrownBy(() -> FreePort.startOnPicked(HOST, 0, port -> {
            tried.add(port);
            throw new UncheckedIOException(new BindException("Address already in use"));
        })).hasRootCauseInstanceOf(BindException.class);
        assertThat(tried).hasSize(5);
    }
}
