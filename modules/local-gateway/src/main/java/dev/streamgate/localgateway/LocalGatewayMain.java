package dev.streamgate.localgateway;

import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code java -jar streamgate-local-gateway-standalone.jar CONFIG.json [--port N] [--exit-on-stdin-close]}:
 * runs a gateway from a configuration file until stopped. Prints {@code LOCAL_GATEWAY_PORT=<port>} and both URLs
 * on standard output, so scripts can start it on port 0 and read where it listens.
 */
public final class LocalGatewayMain {

    private static final Logger LOG = LoggerFactory.getLogger(LocalGatewayMain.class);

    private LocalGatewayMain() {
    }

    /** Entry point. */
    public static void main(String[] args) throws Exception {
        Path config = null;
        Integer port = null;
        boolean exitOnStdinClose = false;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--port" -> port = Integer.parseInt(args[++i]);
                case "--exit-on-stdin-close" -> exitOnStdinClose = true;
                case "-h", "--help" -> {
                    usage();
                    return;
                }
                default -> config = Path.of(args[i]);
            }
        }
        if (config == null) {
            usage();
            System.exit(2);
        }
        LocalGateway.Builder builder = GatewayConfigFile.read(config);
        if (port != null) {
            builder.port(port);
        }
        LocalGateway gateway = builder.build().start();
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            gateway.close();
            stopped.countDown();
        }, "local-gateway-shutdown"));
        // CHECKSTYLE.OFF: NoSystemOut
        System.out.println("LOCAL_GATEWAY_PORT=" + gateway.port());
        System.out.println("LOCAL_GATEWAY_WEBSOCKET_URL=" + gateway.webSocketUrl());
        System.out.println("LOCAL_GATEWAY_MANAGEMENT_ENDPOINT=" + gateway.managementEndpoint());
        System.out.flush();
        // CHECKSTYLE.ON: NoSystemOut
        if (exitOnStdinClose) {
            try {
                while (System.in.read() >= 0) {
                    // keep reading until the parent closes our stdin
                }
            } catch (IOException e) {
                LOG.debug("stdin failed", e);
            }
            LOG.info("stdin closed, stopping");
            System.exit(0);
        }
        stopped.await();
    }

    private static void usage() {
        // CHECKSTYLE.OFF: NoSystemOut
        System.err.println("usage: java -jar streamgate-local-gateway-standalone.jar CONFIG.json [--port N]"
                + " [--exit-on-stdin-close]\n  CONFIG.json format: see modules/local-gateway/README.md");
        // CHECKSTYLE.ON: NoSystemOut
    }
}
