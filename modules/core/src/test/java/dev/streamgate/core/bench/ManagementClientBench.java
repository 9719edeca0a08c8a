package dev.streamgate.core.bench;

import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.http.crt.AwsCrtHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.apigatewaymanagementapi.ApiGatewayManagementApiAsyncClient;
import software.amazon.awssdk.services.apigatewaymanagementapi.ApiGatewayManagementApiClient;
import software.amazon.awssdk.http.async.SdkAsyncHttpClient;
import software.amazon.awssdk.http.nio.netty.NettyNioAsyncHttpClient;

/**
 * Which HTTP client should the {@code @connections} sink use? Posts {@code posts} small events through
 * {@link ApiGatewayManagementApiClient} from {@code threads} virtual threads (one per connection, like the
 * sink's senders) to a local endpoint that answers 200 at once, and prints posts/s per client as a Markdown table.
 *
 * <p>Arguments: {@code posts=20000 threads=200}.
 */
public final class ManagementClientBench {

    private ManagementClientBench() {
    }

    public static void main(String[] args) throws Exception {
        int posts = 20_000;
        int threads = 200;
        for (String arg : args) {
            String[] kv = arg.split("=", 2);
            switch (kv[0]) {
                case "posts" -> posts = Integer.parseInt(kv[1]);
                case "threads" -> threads = Integer.parseInt(kv[1]);
                default -> throw new IllegalArgumentException("unknown argument " + arg + "; use posts=, threads=");
            }
        }
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 1024);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/", exchange -> {
            exchange.getRequestBody().readAllBytes();
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        server.start();
        String endpoint = "http://127.0.0.1:" + server.getAddress().getPort() + "/bench";
        StringBuilder table = new StringBuilder("| HTTP client | posts | parallel connections | posts/s |\n|---|---:|---:|---:|\n");
        try {
            for (String name : new String[] {"url", "apache", "crt", "url", "apache", "crt"}) {
                SdkHttpClient http = switch (name) {
                    case "url" -> UrlConnectionHttpClient.builder().socketTimeout(Duration.ofSeconds(10)).build();
                    case "crt" -> AwsCrtHttpClient.builder().maxConcurrency(threads)
                            .connectionTimeout(Duration.ofSeconds(10)).build();
                    default -> ApacheHttpClient.builder().maxConnections(threads).socketTimeout(Duration.ofSeconds(10)).build();
                };
                try (ApiGatewayManagementApiClient client = ApiGatewayManagementApiClient.builder()
                        .endpointOverride(URI.create(endpoint)).region(Region.US_EAST_1).httpClient(http)
                        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("bench", "bench")))
                        .overrideConfiguration(c -> c.retryStrategy(AwsRetryStrategy.doNotRetry())).build()) {
                    double rate = run(client, posts, threads);
                    table.append(String.format("| %s | %d | %d | %.0f |%n", name, posts, threads, rate));
                }
                http.close();
            }
            for (int round = 0; round < 2; round++) {
                SdkAsyncHttpClient http = NettyNioAsyncHttpClient.builder().maxConcurrency(threads)
                        .readTimeout(Duration.ofSeconds(10)).build();
                try (ApiGatewayManagementApiAsyncClient client = ApiGatewayManagementApiAsyncClient.builder()
                        .endpointOverride(URI.create(endpoint)).region(Region.US_EAST_1).httpClient(http)
                        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("bench", "bench")))
                        .overrideConfiguration(c -> c.retryStrategy(AwsRetryStrategy.doNotRetry())).build()) {
                    double rate = runAsync(client, posts, threads);
                    table.append(String.format("| netty (async, join per post) | %d | %d | %.0f |%n", posts, threads, rate));
                }
                http.close();
            }
        } finally {
            server.stop(0);
        }
        // CHECKSTYLE.OFF: NoSystemOut
        System.out.println();
        System.out.println("@connections HTTP client benchmark (each client measured twice; the first run includes warm-up)");
        System.out.println();
        System.out.print(table);
        // CHECKSTYLE.ON: NoSystemOut
    }

    /** Same shape as {@link #run}: one in-flight post per connection, in order (the sink's contract). */
    private static double runAsync(ApiGatewayManagementApiAsyncClient client, int posts, int threads) throws Exception {
        AtomicLong left = new AtomicLong(posts);
        SdkBytes body = SdkBytes.fromUtf8String("{\"type\":\"chunk\",\"streamId\":\"s_bench\",\"seq\":1,\"text\":\"hello world \"}");
        long start = System.nanoTime();
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int t = 0; t < threads; t++) {
                String connectionId = "conn" + t + "=";
                pool.submit(() -> {
                    while (left.getAndDecrement() > 0) {
                        client.postToConnection(b -> b.connectionId(connectionId).data(body)).join();
                    }
                    return null;
                });
            }
        }
        return posts / ((System.nanoTime() - start) / 1e9);
    }

    private static double run(ApiGatewayManagementApiClient client, int posts, int threads) throws Exception {
        AtomicLong left = new AtomicLong(posts);
        SdkBytes body = SdkBytes.fromUtf8String("{\"type\":\"chunk\",\"streamId\":\"s_bench\",\"seq\":1,\"text\":\"hello world \"}");
        long start = System.nanoTime();
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int t = 0; t < threads; t++) {
                String connectionId = "conn" + t + "=";
                pool.submit(() -> {
                    while (left.getAndDecrement() > 0) {
                        client.postToConnection(b -> b.connectionId(connectionId).data(body));
                    }
                    return null;
                });
            }
        }
        return posts / ((System.nanoTime() - start) / 1e9);
    }
}
