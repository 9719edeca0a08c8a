package dev.streamgate.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The bulk threads' priority: Java's {@code MIN_PRIORITY} always, and nice 4 at the OS when the JVM runs with
 * {@code -XX:ThreadPriorityPolicy=1}, as the core image starts it. The OS half starts a child JVM per case and
 * reads the thread's nice value from {@code /proc} (Linux).
 */
class BulkThreadsIT {

    @Test
    void threadsAreDaemonsAtMinimumPriorityWithNumberedNames() throws Exception {
        Thread first = BulkThreads.factory("bulk-test-").newThread(() -> { });
        Thread second = BulkThreads.factory("bulk-test-").newThread(() -> { });
        assertEquals(Thread.MIN_PRIORITY, first.getPriority());
        assertTrue(first.isDaemon());
        assertEquals("bulk-test-0", first.getName());
        assertEquals("bulk-test-0", second.getName(), "each factory numbers its own threads");
    }

    @Test
    void withThePriorityPolicyTheThreadsRunAtNiceFour() throws Exception {
        assumeTrue(Files.isDirectory(Path.of("/proc/self/task")), "needs Linux /proc to read a thread's nice value");
        assertEquals("4", childNice("-XX:ThreadPriorityPolicy=1"));
    }

    @Test
    void withoutThePolicyTheJvmIgnoresJavaPriorities() throws Exception {
        assumeTrue(Files.isDirectory(Path.of("/proc/self/task")), "needs Linux /proc to read a thread's nice value");
        assertEquals("0", childNice("-Dno.policy=true"));
    }

    private static String childNice(String flag) throws IOException, InterruptedException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new ArrayList<>(List.of(java, flag, "-cp", System.getProperty("java.class.path"),
                NiceProbe.class.getName()));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        assertTrue(process.waitFor(30, TimeUnit.SECONDS), "child JVM did not finish in 30 s");
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, process.exitValue(), out);
        return out.lines().filter(l -> l.startsWith("nice=")).findFirst().orElseThrow(() -> new AssertionError(out))
                .substring("nice=".length());
    }

    /** Run in the child JVM: starts one bulk thread and prints its nice value as the kernel reports it. */
    public static final class NiceProbe {

        private NiceProbe() {
        }

        public static void main(String[] args) throws Exception {
            CountDownLatch started = new CountDownLatch(1);
            CountDownLatch done = new CountDownLatch(1);
            Thread thread = BulkThreads.factory("nice-probe-").newThread(() -> {
                started.countDown();
                try {
                    done.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            thread.start();
            started.await();
            String nice = null;
            try (var tasks = Files.list(Path.of("/proc/self/task"))) {
                for (Path task : tasks.toList()) {
                    String stat = Files.readString(task.resolve("stat"));
                    if (stat.contains("(nice-probe-0)")) {
                        // fields after "(comm) ": state is field 3, nice is field 19
                        nice = stat.substring(stat.lastIndexOf(')') + 2).split(" ")[16];
                    }
                }
            }
            done.countDown();
            // CHECKSTYLE.OFF: NoSystemOut
            System.out.println("nice=" + nice);
            // CHECKSTYLE.ON: NoSystemOut
        }
    }
}
