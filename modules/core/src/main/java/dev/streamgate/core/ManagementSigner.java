package dev.streamgate.core;

import dev.streamgate.store.internal.SigV4;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.scheme.AwsV4AuthScheme;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.AsyncSignRequest;
import software.amazon.awssdk.http.auth.spi.signer.AsyncSignedRequest;
import software.amazon.awssdk.http.auth.spi.signer.SignRequest;
import software.amazon.awssdk.http.auth.spi.signer.SignedRequest;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;
import software.amazon.awssdk.identity.spi.IdentityProvider;
import software.amazon.awssdk.identity.spi.IdentityProviders;
import software.amazon.awssdk.utils.http.SdkHttpUtils;

/**
 * SigV4 for the core's {@code @connections} posts, plugged into {@code ApiGatewayManagementApiClient} as its
 * {@code aws.auth#sigv4} scheme: the same signature as the SDK's signer over {@code host}, {@code content-type} and the
 * {@code x-amz-*} headers ({@code ManagementSignerTest} compares them), computed by {@link SigV4}, which keeps the
 * derived key for the day. The SDK's signer was a third of the CPU of each {@code postToConnection}
 * (docs/benchmarks.md). Only the synchronous client uses it.
 */
final class ManagementSigner implements AwsV4HttpSigner {

    /** The auth scheme that hands the client's credentials to this signer. */
    static final AwsV4AuthScheme SCHEME = new AwsV4AuthScheme() {
        private final ManagementSigner signer = new ManagementSigner();

        @Override
        public String schemeId() {
            return SCHEME_ID;
        }

        @Override
        public IdentityProvider<AwsCredentialsIdentity> identityProvider(IdentityProviders providers) {
            return providers.identityProvider(AwsCredentialsIdentity.class);
        }

        @Override
        public AwsV4HttpSigner signer() {
            return signer;
        }
    };

    @Override
    public SignedRequest sign(SignRequest<? extends AwsCredentialsIdentity> request) {
        SdkHttpRequest http = request.request();
        if (!http.rawQueryParameters().isEmpty()) {
            throw new IllegalArgumentException("the @connections signer signs requests without a query string");
        }
        ContentStreamProvider payload = request.payload().orElse(null);
        byte[] body = payload == null ? new byte[0] : readAll(payload);
        Clock clock = request.property(SIGNING_CLOCK);
        Instant now = clock == null ? Instant.now() : clock.instant();
        String host = SdkHttpUtils.isUsingStandardPort(http.protocol(), http.port()) ? http.host()
                : http.host() + ":" + http.port();
        Map<String, String> signedHeaders = http.firstMatchingHeader("Content-Type")
                .map(type -> Map.of("Content-Type", type)).orElse(Map.of());
        Map<String, String> added = SigV4.sign(http.method().name(), host, http.encodedPath(), signedHeaders, body,
                request.identity(), request.requireProperty(REGION_NAME), request.requireProperty(SERVICE_SIGNING_NAME), now);
        SdkHttpRequest.Builder signed = http.toBuilder();
        added.forEach(signed::putHeader);
        return SignedRequest.builder().request(signed.build()).payload(payload).build();
    }

    @Override
    public CompletableFuture<AsyncSignedRequest> signAsync(AsyncSignRequest<? extends AwsCredentialsIdentity> request) {
        return CompletableFuture.failedFuture(new UnsupportedOperationException("the core's @connections client is synchronous"));
    }

    private static byte[] readAll(ContentStreamProvider payload) {
        try (InputStream in = payload.newStream()) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
