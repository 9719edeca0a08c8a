package dev.streamgate.localgateway.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Set;
import org.junit.jupiter.api.Test;

/** Route selection, SigV4 header shapes, percent-decoding and UTF-8 sizes. */
class WireFormatTest {

    private final RouteSelection action = RouteSelection.parse("$request.body.action");
    private final Set<String> routes = Set.of("$default", "chat", "1", "true");

    @Test
    void select_whenActionNamesARoute_returnsIt() {
        assertThat(action.select("{\"action\":\"chat\"}", routes)).isEqualTo("chat");
        assertThat(action.select("  {\"action\":\"chat\"}", routes)).isEqualTo("chat");
    }

    @Test
    void select_whenActionIsANumberOrBoolean_usesItsStringForm() {
        assertThat(action.select("{\"action\":1}", routes)).isEqualTo("1");
        assertThat(action.select("{\"action\":true}", routes)).isEqualTo("true");
    }

    @Test
    void select_whenNotJsonOrUnmatched_returnsDefault() {
        assertThat(action.select("chat", routes)).isEqualTo("$default");
        assertThat(action.select("{broken", routes)).isEqualTo("$default");
        assertThat(action.select("[\"chat\"]", routes)).isEqualTo("$default");
        assertThat(action.select("{\"action\":\"other\"}", routes)).isEqualTo("$default");
        assertThat(action.select("{\"other\":\"chat\"}", routes)).isEqualTo("$default");
        assertThat(action.select("", routes)).isEqualTo("$default");
    }

    @Test
    void parse_whenNotABodyExpression_explainsWhatIsSupported() {
        assertThatThrownBy(() -> RouteSelection.parse("$request.header.x"))
                .hasMessageContaining("use $request.body.FIELD");
    }

    @Test
    void sigV4_whenWellFormed_yieldsTheScope() {
        SigV4Header header = SigV4Header.parse("AWS4-HMAC-SHA256 Credential=AKIDLOCAL/20261125/us-east-1/execute-api/"
                + "aws4_request, SignedHeaders=host;x-amz-date, Signature=" + "a".repeat(64));
        assertThat(header).isEqualTo(new SigV4Header("AKIDLOCAL", "20261125", "us-east-1", "execute-api"));
    }

    @Test
    void sigV4_whenMissingOrMalformed_isNull() {
        assertThat(SigV4Header.parse(null)).isNull();
        assertThat(SigV4Header.parse("Bearer abc")).isNull();
        assertThat(SigV4Header.parse("AWS4-HMAC-SHA256 Credential=A/2026/us-east-1/execute-api/aws4_request")).isNull();
    }

    @Test
    void percentDecode_decodesEscapesAndKeepsPlus() {
        assertThat(ManagementApi.percentDecode("ab%2Bc%2Fd%3D")).isEqualTo("ab+c/d=");
        assertThat(ManagementApi.percentDecode("a+b")).isEqualTo("a+b");
    }

    @Test
    void queryParsing_keepsRepeatedValuesAndPlus() {
        assertThat(HandshakeConfigurator.parseQuery("a=1&a=2&t=x+y%3D&flag"))
                .containsEntry("a", java.util.List.of("1", "2"))
                .containsEntry("t", java.util.List.of("x+y="))
                .containsEntry("flag", java.util.List.of(""));
    }

    @Test
    void utf8Length_countsBytesNotChars() {
        assertThat(Utf8.length("aé€😀")).isEqualTo(1 + 2 + 3 + 4);
        assertThat(Utf8.decodeOrNull(new byte[] {(byte) 0xff})).isNull();
    }
}
