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
    void sigV4_acceptsExactlyWhatTheDocumentedPatternAccepts() {
        // the hand-written parser against the regular expression it replaced, on edge cases and random mutations
        java.util.regex.Pattern shape = java.util.regex.Pattern.compile(
                "AWS4-HMAC-SHA256\\s+Credential=([^/,\\s]+)/(\\d{8})/([^/,\\s]+)/([^/,\\s]+)/aws4_request\\s*,"
                        + "\\s*SignedHeaders=[a-z0-9;\\-]+\\s*,\\s*Signature=[0-9a-f]{64}\\s*");
        String valid = "AWS4-HMAC-SHA256 Credential=AKID/20261125/eu-west-1/execute-api/aws4_request, "
                + "SignedHeaders=host;x-amz-date, Signature=" + "0123456789abcdef".repeat(4);
        java.util.List<String> cases = new java.util.ArrayList<>(java.util.List.of(valid,
                valid.replace(", ", ","), valid.replace(" Cred", "\t\n Cred"), valid + " \r\n", valid + "0",
                valid.replace("Signature=0", "Signature=A"), valid.replace("20261125", "2026112"),
                valid.replace("20261125", "2026112x"), valid.replace("AKID/", "/"), valid.replace("host;", "Host;"),
                valid.replace("SignedHeaders=host;x-amz-date", "SignedHeaders="), valid.replace("AWS4-HMAC-SHA256 ", "AWS4-HMAC-SHA256"),
                valid.replace("/aws4_request", "/aws4_request "), valid.replace("execute-api/", "execute-api//"),
                valid.replace("eu-west-1", "eu west"), "AWS4-HMAC-SHA256", "AWS4-HMAC-SHA256 Credential=",
                valid.substring(0, valid.length() - 1), ""));
        java.util.Random random = new java.util.Random(7);
        String alphabet = " \t,/;=-0aAz9_\u00e9";
        for (int i = 0; i < 20_000; i++) {
            StringBuilder m = new StringBuilder(valid);
            for (int edits = 1 + random.nextInt(3); edits > 0; edits--) {
                int at = random.nextInt(m.length());
                switch (random.nextInt(3)) {
                    case 0 -> m.deleteCharAt(at);
                    case 1 -> m.insert(at, alphabet.charAt(random.nextInt(alphabet.length())));
                    default -> m.setCharAt(at, alphabet.charAt(random.nextInt(alphabet.length())));
                }
            }
            cases.add(m.toString());
        }
        for (String c : cases) {
            java.util.regex.Matcher m = shape.matcher(c);
            SigV4Header expected = m.matches() ? new SigV4Header(m.group(1), m.group(2), m.group(3), m.group(4)) : null;
            assertThat(SigV4Header.parse(c)).as(c).isEqualTo(expected);
            assertThat(SigV4Header.scopedTo(c, "execute-api")).as(c)
                    .isEqualTo(expected == null ? null : expected.service().equals("execute-api"));
        }
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
