package dev.streamgate.localgateway.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The fast path's answers, byte for byte in the shape Grizzly writes (ManagementWireIT compares them on the wire). */
class ManagementAnswerEncodingTest {

    private static final String ID = "[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}";

    private static String encode(int status, String errorType, String body) {
        return new String(FastManagementFilter.encode(new ManagementCalls.Answer(status, errorType,
                body.getBytes(StandardCharsets.UTF_8))), StandardCharsets.ISO_8859_1);
    }

    @Test
    void encode_ok_hasRequestIdAndZeroLength() {
        assertThat(encode(200, null, "")).matches("HTTP/1\\.1 200 OK\r\nx-amzn-RequestId: " + ID + "\r\nContent-Length: 0\r\n\r\n");
    }

    @Test
    void encode_noContent_hasNoLength() {
        assertThat(encode(204, null, "")).matches("HTTP/1\\.1 204 No Content\r\nx-amzn-RequestId: " + ID + "\r\n\r\n");
    }

    @Test
    void encode_error_carriesTypeJsonAndBody() {
        assertThat(encode(410, "GoneException", "{\"message\":\"Gone\"}")).matches("HTTP/1\\.1 410 Gone\r\nx-amzn-RequestId: " + ID
                + "\r\nx-amzn-ErrorType: GoneException\r\nContent-Type: application/json\r\nContent-Length: 18\r\n\r\n"
                + "\\{\"message\":\"Gone\"\\}");
    }

    @Test
    void encode_givesEveryAnswerItsOwnRequestId() {
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < 1000; i++) {
            ids.add(encode(200, null, "").substring(35, 71));
        }
        assertThat(ids).hasSize(1000).allMatch(id -> id.matches(ID));
    }
}
