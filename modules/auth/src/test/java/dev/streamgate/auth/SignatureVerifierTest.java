package dev.streamgate.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.streamgate.auth.InvalidSignatureException.Reason;
import dev.streamgate.auth.internal.Hmac;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SignatureVerifierTest {
    private static final String PATH = "/internal/v1/streams/s-1/attach";
    private static final byte[] BODY = "{\"connectionId\":\"abc=\",\"lastSeq\":3}".getBytes(StandardCharsets.UTF_8);

    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-25T12:00:00Z"));
    private final SigningConfig config = SigningConfig.builder().secret(SigningConfig.LOCAL_SECRET).clock(clock).build();
    private final RequestSigner signer = RequestSigner.create(config);
    private final SignatureVerifier verifier = SignatureVerifier.create(config);

    @Test
    void verify_whenSignedBySigner_accepts() {
        Map<String, String> headers = signer.sign("POST", PATH, BODY);

        assertThatCode(() -> verifier.verify("POST", PATH, headers, BODY)).doesNotThrowAnyException();
        assertThat(headers.get(RequestSigner.SIGNATURE_HEADER)).matches("v1=[0-9a-f]{64}");
        assertThat(headers.get(RequestSigner.NONCE_HEADER)).hasSizeGreaterThanOrEqualTo(16);
    }

    @Test
    void signature_matchesTheDocumentedCanonicalString() {
        Map<String, String> headers = signer.sign("post", PATH, new byte[0]);
        String canonical = "POST\n" + PATH + "\n" + headers.get(RequestSigner.TIMESTAMP_HEADER) + "\n"
                + headers.get(RequestSigner.NONCE_HEADER) + "\n"
                + "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

        assertThat(headers.get(RequestSigner.SIGNATURE_HEADER))
                .isEqualTo("v1=" + Hmac.sign(SigningConfig.LOCAL_SECRET.getBytes(StandardCharsets.UTF_8), canonical));
    }

    @Test
    void verify_headerNamesInAnyCase_andQueryIgnored_accepts() {
        Map<String, String> lower = new HashMap<>();
        signer.sign("POST", PATH, BODY).forEach((k, v) -> lower.put(k.toLowerCase(Locale.ROOT), v));

        assertThatCode(() -> verifier.verify("POST", PATH + "?x=1", lower, BODY)).doesNotThrowAnyException();
    }

    @Test
    void verify_whenBodyPathOrMethodTampered_refusesAsBadSignature() {
        assertReason("POST", PATH, signer.sign("POST", PATH, BODY), "{\"lastSeq\":-1}".getBytes(StandardCharsets.UTF_8),
                Reason.BAD_SIGNATURE);
        assertReason("POST", "/internal/v1/streams/s-2/attach", signer.sign("POST", PATH, BODY), BODY, Reason.BAD_SIGNATURE);
        assertReason("PUT", PATH, signer.sign("POST", PATH, BODY), BODY, Reason.BAD_SIGNATURE);
    }

    @Test
    void verify_whenSignedWithAnotherSecret_refusesAsBadSignature() {
        RequestSigner other = RequestSigner.create(SigningConfig.builder().secret("x".repeat(40)).clock(clock).build());

        assertReason("POST", PATH, other.sign("POST", PATH, BODY), BODY, Reason.BAD_SIGNATURE);
    }

    @Test
    void verify_whenReplayedWithinWindow_refusesAsReplayed() {
        Map<String, String> headers = signer.sign("POST", PATH, BODY);
        verifier.verify("POST", PATH, headers, BODY);
        clock.advance(Duration.ofSeconds(30));

        assertReason("POST", PATH, headers, BODY, Reason.REPLAYED);
    }

    @Test
    void verify_whenOlderOrNewerThanSixtySeconds_refusesAsStale() {
        Map<String, String> old = signer.sign("POST", PATH, BODY);
        clock.advance(Duration.ofSeconds(61));
        assertReason("POST", PATH, old, BODY, Reason.STALE);

        Map<String, String> future = signer.sign("POST", PATH, BODY);
        clock.advance(Duration.ofSeconds(-122));
        assertReason("POST", PATH, future, BODY, Reason.STALE);
    }

    @Test
    void verify_atExactlySixtySeconds_accepts() {
        Map<String, String> headers = signer.sign("POST", PATH, BODY);
        clock.advance(Duration.ofSeconds(60));

        assertThatCode(() -> verifier.verify("POST", PATH, headers, BODY)).doesNotThrowAnyException();
    }

    @Test
    void verify_whenHeadersMissingOrMalformed_refusesWithThoseReasons() {
        Map<String, String> good = signer.sign("POST", PATH, BODY);
        Map<String, String> missing = new HashMap<>(good);
        missing.remove(RequestSigner.NONCE_HEADER);
        assertReason("POST", PATH, missing, BODY, Reason.MISSING);
        assertReason("POST", PATH, Map.of(), BODY, Reason.MISSING);

        Map<String, String> shortNonce = new HashMap<>(good);
        shortNonce.put(RequestSigner.NONCE_HEADER, "abc");
        assertReason("POST", PATH, shortNonce, BODY, Reason.MALFORMED);
        Map<String, String> badSig = new HashMap<>(good);
        badSig.put(RequestSigner.SIGNATURE_HEADER, "v2=" + good.get(RequestSigner.SIGNATURE_HEADER).substring(3));
        assertReason("POST", PATH, badSig, BODY, Reason.MALFORMED);
        Map<String, String> badTs = new HashMap<>(good);
        badTs.put(RequestSigner.TIMESTAMP_HEADER, "yesterday");
        assertReason("POST", PATH, badTs, BODY, Reason.MALFORMED);
    }

    @Test
    void replayCache_staysBoundedWhenFull() {
        SigningConfig small = SigningConfig.builder().secret(SigningConfig.LOCAL_SECRET).clock(clock).replayCacheSize(3).build();
        dev.streamgate.auth.internal.ReplayCache cache = new dev.streamgate.auth.internal.ReplayCache(small.replayCacheSize());
        long now = clock.instant().getEpochSecond();
        for (int i = 0; i < 10; i++) {
            assertThat(cache.firstUse("nonce-" + i, now + 60, now)).isTrue();
        }

        assertThat(cache.size()).isEqualTo(3);
        assertThat(cache.firstUse("nonce-9", now + 60, now)).isFalse();
        assertThat(cache.firstUse("nonce-9", now + 60, now + 61)).isTrue();
    }

    @Test
    void config_whenSecretTooShort_explainsWhatToSet() {
        assertThatThrownBy(() -> SigningConfig.fromEnvironment(Map.of("SG_INTERNAL_SECRET", "short")))
                .isInstanceOf(AuthConfigException.class).hasMessageContaining("SG_INTERNAL_SECRET").hasMessageContaining("32");
        assertThat(SigningConfig.fromEnvironment(Map.of()).secret())
                .isEqualTo(SigningConfig.LOCAL_SECRET.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void verify_sameRequestSentConcurrently_acceptsExactlyOnce() throws Exception {
        Map<String, String> headers = signer.sign("POST", PATH, BODY);
        java.util.concurrent.atomic.AtomicInteger accepted = new java.util.concurrent.atomic.AtomicInteger();
        java.util.concurrent.atomic.AtomicInteger replayed = new java.util.concurrent.atomic.AtomicInteger();
        java.util.concurrent.CountDownLatch start = new java.util.concurrent.CountDownLatch(1);
        java.util.List<Thread> threads = new java.util.ArrayList<>();
        for (int i = 0; i < 8; i++) {
            threads.add(Thread.ofVirtual().start(() -> {
                try {
                    start.await();
                    verifier.verify("POST", PATH, headers, BODY);
                    accepted.incrementAndGet();
                } catch (InvalidSignatureException e) {
                    assertThat(e.reason()).isEqualTo(Reason.REPLAYED);
                    replayed.incrementAndGet();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }));
        }
        start.countDown();
        for (Thread thread : threads) {
            thread.join(java.time.Duration.ofSeconds(10));
        }

        assertThat(accepted).hasValue(1);
        assertThat(replayed).hasValue(7);
    }

    private void assertReason(String method, String path, Map<String, String> headers, byte[] body, Reason expected) {
        assertThatThrownBy(() -> verifier.verify(method, path, headers, body)).isInstanceOfSatisfying(
                InvalidSignatureException.class, e -> assertThat(e.reason()).isEqualTo(expected));
    }
}
