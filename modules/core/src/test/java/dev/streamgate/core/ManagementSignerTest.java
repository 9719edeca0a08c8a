package dev.streamgate.core;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4FamilyHttpSigner;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.SignRequest;
import software.amazon.awssdk.http.auth.spi.signer.SignedRequest;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;

/** The core's {@code @connections} signer against the SDK's own SigV4 signer, directly and through the real client. */
class ManagementSignerTest {

    private static final Instant NOW = Instant.parse("2026-11-26T07:05:06Z");

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void signature_isTheSdkSignersForTheSameRequestAndClock(boolean session) {
        AwsCredentialsIdentity credentials = session
                ? AwsSessionCredentials.create("ASIAEXAMPLE", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", "FwoGZXIvYXdzEJr//token==")
                : AwsBasicCredentials.create("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY");
        byte[] body = "{\"type\":\"chunk\",\"text\":\"Grüße 👋\"}".getBytes(StandardCharsets.UTF_8);
        SdkHttpRequest request = SdkHttpRequest.builder().method(SdkHttpMethod.POST)
                .uri(URI.create("https://abcdef123.execute-api.eu-west-1.amazonaws.com"))
                .encodedPath("/prod/%40connections/L0SM9cOFvHcCIhw%3D").putHeader("Content-Type", "application/json").build();
        SignRequest<AwsCredentialsIdentity> signRequest = SignRequest.builder(credentials).request(request)
                .payload(ContentStreamProvider.fromByteArray(body))
                .putProperty(AwsV4FamilyHttpSigner.SERVICE_SIGNING_NAME, "execute-api")
                .putProperty(AwsV4HttpSigner.REGION_NAME, "eu-west-1")
                .putProperty(HttpSigner.SIGNING_CLOCK, Clock.fixed(NOW, ZoneOffset.UTC)).build();

        SignedRequest ours = new ManagementSigner().sign(signRequest);
        SignedRequest sdk = AwsV4HttpSigner.create().sign(signRequest);

        for (String header : List.of("Authorization", "X-Amz-Date", "X-Amz-Content-Sha256", "X-Amz-Security-Token")) {
            assertThat(ours.request().firstMatchingHeader(header)).as(header).isEqualTo(sdk.request().firstMatchingHeader(header));
        }
        assertThat(ours.request().firstMatchingHeader("Authorization").orElseThrow())
                .contains("SignedHeaders=content-type;host;x-amz-content-sha256;x-amz-date");
    }

    @Test
    void postsOfTheCoresClient_carryASignatureTheSdkSignerAgreesWith() throws Exception {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        CompletableFuture<Map<String, String>> seen = new CompletableFuture<>();
        CompletableFuture<byte[]> seenBody = new CompletableFuture<>();
        CompletableFuture<String> seenPath = new CompletableFuture<>();
        server.createContext("/", exchange -> {
            seenBody.complete(exchange.getRequestBody().readAllBytes());
            seenPath.complete(exchange.getRequestURI().getRawPath());
            seen.complete(Map.of("Authorization", exchange.getRequestHeaders().getFirst("Authorization"),
                    "X-Amz-Date", exchange.getRequestHeaders().getFirst("X-Amz-Date"),
                    "Content-Type", exchange.getRequestHeaders().getFirst("Content-Type")));
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        server.start();
        try (ManagementApi management = new ManagementApi(CoreConfig.builder().awsRegion("eu-west-1").build())) {
            String endpoint = "http://localhost:" + server.getAddress().getPort() + "/prod";
            management.sink(endpoint, "L0SM9cOFvHcCIhw=").deliver(Events.heartbeat("s_1"));
            Map<String, String> headers = seen.get(10, TimeUnit.SECONDS);
            Instant signedAt = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmssX").parse(headers.get("X-Amz-Date"), Instant::from);
            byte[] body = seenBody.get(10, TimeUnit.SECONDS);
            SdkHttpRequest request = SdkHttpRequest.builder().method(SdkHttpMethod.POST).uri(URI.create(endpoint))
                    .encodedPath(seenPath.get(10, TimeUnit.SECONDS)).putHeader("Content-Type", headers.get("Content-Type")).build();
            // a localhost endpoint gets the core's local static credentials
            SignedRequest sdk = AwsV4HttpSigner.create().sign(r -> r.identity(AwsBasicCredentials.create("local", "local"))
                    .request(request).payload(ContentStreamProvider.fromByteArray(body))
                    .putProperty(AwsV4FamilyHttpSigner.SERVICE_SIGNING_NAME, "execute-api")
                    .putProperty(AwsV4HttpSigner.REGION_NAME, "eu-west-1")
                    .putProperty(HttpSigner.SIGNING_CLOCK, Clock.fixed(signedAt, ZoneOffset.UTC)));
            assertThat(headers.get("Authorization")).isEqualTo(sdk.request().firstMatchingHeader("Authorization").orElseThrow());
        } finally {
            server.stop(0);
        }
    }
}
