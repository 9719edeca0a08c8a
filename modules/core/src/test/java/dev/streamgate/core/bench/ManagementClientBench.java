package dev.streamgate.core.bench;

import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.http.ExecutableHttpRequest;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.HttpExecuteResponse;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.SdkHttpResponse;
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
        double sdkMicros = sdkPipelineMicrosPerPost(200_000);
        // CHECKSTYLE.OFF: NoSystemOut
        System.out.println();
        System.out.printf("SDK pipeline alone (an in-memory HTTP client answering 200, one thread, after 200,000 warm-up posts): "
                + "%.1f µs CPU per postToConnection%n", sdkMicros);
        System.out.println();
        System.out.println("@connections HTTP client benchmark (each client measured twice; the first run includes warm-up)");
        System.out.println();
        System.out.print(table);
        // CHECKSTYLE.ON: NoSystemOut
    }

    /**
     * CPU time per {@code postToConnection} spent in the SDK itself (marshalling, interceptors, endpoint rules, SigV4,
     * response handling) with an HTTP client that answers 200 from memory: the floor under any real HTTP client.
     */
    private static double sdkPipelineMicrosPerPost(int posts) {
        SdkHttpClient inMemory = new SdkHttpClient() {
            @Override
            public ExecutableHttpRequest prepareRequest(HttpExecuteRequest request) {
                return new ExecutableHttpRequest() {
                    @Override
                    public HttpExecuteResponse call() {
                        return HttpExecuteResponse.builder().response(SdkHttpResponse.builder().statusCode(200).build()).build();
                    }

                    @Override
                    public void abort() {
                    }
                };
            }

            @Override
            public void close() {
            }
        };
        SdkBytes body = SdkBytes.fromUtf8String("{\"type\":\"chunk\",\"streamId\":\"s_bench\",\"seq\":1,\"text\":\"hello world \"}");
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        try (ApiGatewayManagementApiClient client = ApiGatewayManagementApiClient.builder()
                .endpointOverride(URI.create("http://127.0.0.1:9/bench")).region(Region.US_EAST_1).httpClient(inMemory)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("bench", "bench")))
                .overrideConfiguration(c -> c.retryStrategy(AwsRetryStrategy.doNotRetry())).build()) {
            for (int i = 0; i < posts; i++) {
                client.postToConnection(b -> b.connectionId("conn1=").data(body));
            }
            long cpu = threads.getCurrentThreadCpuTime();
            for (int i = 0; i < posts; i++) {
                client.postToConnection(b -> b.connectionId("conn1=").data(body));
            }
            return (threads.getCurrentThreadCpuTime() - cpu) / 1e3 / posts;
        }
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
