package dev.streamgate.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.streamgate.store.internal.SigV4;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4FamilyHttpSigner;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.SignedRequest;

/**
 * {@link SigV4} against the SDK's own {@code AwsV4HttpSigner} for the same request, credentials and clock: the same
 * {@code X-Amz-Date}, {@code X-Amz-Content-Sha256}, {@code X-Amz-Security-Token} and {@code Authorization} headers, for basic and session
 * credentials, loopback and AWS endpoints, ids needing percent-encoding, and empty and non-ASCII bodies.
 */
class SigV4Test {

    private static final Instant NOW = Instant.parse("2026-11-26T04:05:06Z");

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "https://abcdef123.execute-api.eu-west-1.amazonaws.com/prod | /prod/@connections/L0SM9cOFvHcCIhw%3D | {\"type\":\"pong\"} | false",
        "https://abcdef123.execute-api.eu-west-1.amazonaws.com/prod | /prod/@connections/a%2Bb%2Fc%20d | {\"t\":\"Grüße 👋\"} | true",
        "http://127.0.0.1:48123/local | /local/@connections/conn-1 | '' | true",
        "http://localhost:80/s | /s/@connections/x%3D%3D | x | false"})
    void headers_matchTheSdkSigner(String endpoint, String path, String body, boolean session) {
        AwsCredentials credentials = session
                ? AwsSessionCredentials.create("ASIAEXAMPLE", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", "FwoGZXIvYXdzEJr//token==")
                : AwsBasicCredentials.create("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY");
        assertSameAsSdk(endpoint, path, body, credentials, "eu-west-1", NOW);
    }

    /** The derived key is kept between calls; a new day, region or secret must derive a new one. */
    @Test
    void headers_matchTheSdkSigner_whenDayRegionOrSecretChanges() {
        AwsCredentials first = AwsBasicCredentials.create("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY");
        AwsCredentials rotated = AwsBasicCredentials.create("AKIDEXAMPLE", "rotated/K7MDENG/bPxRfiCYEXAMPLEKEYwJalrXUtnFEMI");
        String endpoint = "https://abcdef123.execute-api.eu-west-1.amazonaws.com/prod";
        String path = "/prod/@connections/L0SM9cOFvHcCIhw%3D";
        assertSameAsSdk(endpoint, path, "a", first, "eu-west-1", NOW);
        assertSameAsSdk(endpoint, path, "b", first, "eu-west-1", NOW.plusSeconds(60));
        assertSameAsSdk(endpoint, path, "c", first, "eu-west-1", NOW.plus(Duration.ofDays(1)));
        assertSameAsSdk(endpoint, path, "d", first, "us-east-1", NOW.plus(Duration.ofDays(1)));
        assertSameAsSdk(endpoint, path, "e", rotated, "us-east-1", NOW.plus(Duration.ofDays(1)));
        assertSameAsSdk(endpoint, path, "f", first, "eu-west-1", NOW);
    }

    private static void assertSameAsSdk(String endpoint, String path, String body, AwsCredentials credentials, String region,
            Instant now) {
        byte[] payload = body.getBytes(StandardCharsets.UTF_8);
        URI uri = URI.create(endpoint);
        SdkHttpRequest request = SdkHttpRequest.builder().method(SdkHttpMethod.POST).uri(uri).encodedPath(path)
                .putHeader("Content-Length", Integer.toString(payload.length)).build();
        SignedRequest sdk = AwsV4HttpSigner.create().sign(r -> r.identity(credentials).request(request)
                .payload(ContentStreamProvider.fromByteArray(payload))
                .putProperty(AwsV4FamilyHttpSigner.SERVICE_SIGNING_NAME, "execute-api")
                .putProperty(AwsV4HttpSigner.REGION_NAME, region)
                .putProperty(HttpSigner.SIGNING_CLOCK, Clock.fixed(now, ZoneOffset.UTC)));
        int port = uri.getPort();
        String host = uri.getHost() + (port == -1 || port == 80 && uri.getScheme().equals("http") ? "" : ":" + port);

        Map<String, String> ours = SigV4.sign("POST", host, path, Map.of("Content-Length", Integer.toString(payload.length)), payload,
                credentials, region, "execute-api", now);

        assertThat(ours.get("X-Amz-Date")).isEqualTo(sdk.request().firstMatchingHeader("X-Amz-Date").orElseThrow());
        assertThat(ours.get("X-Amz-Security-Token")).isEqualTo(sdk.request().firstMatchingHeader("X-Amz-Security-Token").orElse(null));
        assertThat(ours.get("Authorization")).isEqualTo(sdk.request().firstMatchingHeader("Authorization").orElseThrow());
        assertThat(ours.get("X-Amz-Content-Sha256")).isEqualTo(sdk.request().firstMatchingHeader("x-amz-content-sha256").orElseThrow());
    }
}
