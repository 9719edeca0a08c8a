package dev.streamgate.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The golden fixtures in {@code modules/protocol/fixtures}: each valid file parses to the expected record and the
 * record serializes back to exactly the file's bytes; each invalid case fails with the code the manifest names.
 */
class GoldenFixturesTest {
    private static final Path FIXTURES = Path.of("fixtures");
    private static final String STREAM = "st-01JDQ4Z7";
    private static final String UNICODE_TEXT = "Grüße \uD83D\uDC4B \"quoted\" back\\slash\nline two\ttab \u0001 € 中文";

    private final ProtocolCodec codec = ProtocolCodec.create();
    private final ObjectMapper json = new ObjectMapper();

    private static Map<String, ClientAction> expectedActions() {
        Map<String, Object> options = new LinkedHashMap<>();
        options.put("firstTokenDelayMs", 500);
        options.put("lengthTokens", 400);
        options.put("tokensPerSecond", 20.5);
        options.put("model", "demo");
        return Map.of(
                "chat.json", new ClientAction.Chat("req-7f3a", "Explain the 29-second limit, please.", "conv-42", ChatOptions.of(options)),
                "chat-minimal.json", new ClientAction.Chat("r-1", "hi"),
                "chat-unicode.json", new ClientAction.Chat("2026-11-25T19:46:00Z.client_1", UNICODE_TEXT),
                "cancel.json", new ClientAction.Cancel(STREAM),
                "resume.json", new ClientAction.Resume(STREAM, 41),
                "resume-from-start.json", new ClientAction.Resume(STREAM, ClientAction.Resume.FROM_START),
                "ping.json", new ClientAction.Ping());
    }

    private static Map<String, ServerEvent> expectedEvents() {
        return Map.of(
                "accepted.json", new ServerEvent.Accepted("req-7f3a", STREAM),
                "chunk.json", new ServerEvent.Chunk(STREAM, 0, "The REST API buffers"),
                "chunk-unicode.json", new ServerEvent.Chunk(STREAM, 7, UNICODE_TEXT),
                "heartbeat.json", new ServerEvent.Heartbeat(STREAM),
                "handoff.json", new ServerEvent.Handoff(STREAM, 12),
                "done.json", new ServerEvent.Done(STREAM, 42, DoneReason.COMPLETE),
                "done-with-usage.json", new ServerEvent.Done(STREAM, 3, DoneReason.CANCELLED, new Usage(12, 345)),
                "error.json", new ServerEvent.Error(ErrorCode.INVALID_JSON, "The frame is not valid JSON."),
                "error-with-ids.json", new ServerEvent.Error(ErrorCode.ENGINE_ERROR, "The chat engine failed; try again.", true,
                        STREAM, "req-7f3a"),
                "pong.json", new ServerEvent.Pong());
    }

    @Test
    void actionFixtures_parseToTheRecordAndSerializeToTheSameBytes() throws IOException {
        Map<String, ClientAction> expected = expectedActions();
        assertThat(fileNames("actions")).isEqualTo(expected.keySet());
        for (Map.Entry<String, ClientAction> entry : expected.entrySet()) {
            byte[] bytes = Files.readAllBytes(FIXTURES.resolve("actions").resolve(entry.getKey()));
            assertThat(codec.parse(bytes)).as(entry.getKey()).isEqualTo(entry.getValue());
            assertThat(codec.writeAction(entry.getValue())).as(entry.getKey()).isEqualTo(new String(bytes, StandardCharsets.UTF_8));
        }
        assertThat(expected.values().stream().map(Object::getClass).collect(Collectors.toSet()))
                .containsExactlyInAnyOrder(ClientAction.class.getPermittedSubclasses());
    }

    @Test
    void eventFixtures_parseToTheRecordAndSerializeToTheSameBytes() throws IOException {
        Map<String, ServerEvent> expected = expectedEvents();
        assertThat(fileNames("events")).isEqualTo(expected.keySet());
        for (Map.Entry<String, ServerEvent> entry : expected.entrySet()) {
            byte[] bytes = Files.readAllBytes(FIXTURES.resolve("events").resolve(entry.getKey()));
            assertThat(codec.writeBytes(entry.getValue())).as(entry.getKey()).isEqualTo(bytes);
            assertThat(codec.parseEvent(new String(bytes, StandardCharsets.UTF_8))).as(entry.getKey()).isEqualTo(entry.getValue());
        }
        assertThat(expected.values().stream().map(Object::getClass).collect(Collectors.toSet()))
                .containsExactlyInAnyOrder(ServerEvent.class.getPermittedSubclasses());
    }

    @Test
    void compatFixtures_parseAndReserializeToTheirCanonicalForm() throws IOException {
        JsonNode compat = manifest().get("compat");
        Set<String> listed = new HashSet<>();
        for (JsonNode entry : compat) {
            listed.add(entry.get("file").asText());
            ClientAction action = codec.parse(Files.readAllBytes(FIXTURES.resolve(entry.get("file").asText())));
            String canonical = Files.readString(FIXTURES.resolve(entry.get("canonical").asText()));
            assertThat(codec.writeAction(action)).as(entry.get("file").asText()).isEqualTo(canonical);
        }
        assertThat(listed).isEqualTo(fileNames("compat").stream().map(name -> "compat/" + name).collect(Collectors.toSet()));
    }

    @Test
    void invalidFixtures_failWithTheManifestsCodeAndEchoedIds() throws IOException {
        JsonNode invalid = manifest().get("invalid");
        Set<String> listed = new HashSet<>();
        for (JsonNode entry : invalid) {
            String file = entry.get("file").asText();
            listed.add(file);
            byte[] bytes = Files.readAllBytes(FIXTURES.resolve(file));
            assertFails(file, () -> codec.parse(bytes), entry);
        }
        assertThat(listed).isEqualTo(fileNames("invalid").stream().map(name -> "invalid/" + name).collect(Collectors.toSet()));
    }

    @Test
    void generatedInvalidCases_failWithTheManifestsCode() throws IOException {
        for (JsonNode entry : manifest().get("generated")) {
            JsonNode generate = entry.get("generate");
            String frame = generate.get("prefix").asText() + generate.get("repeat").asText().repeat(generate.get("count").asInt())
                    + generate.get("suffix").asText();
            byte[] bytes = frame.getBytes(StandardCharsets.UTF_8);
            String name = entry.get("name").asText();
            if ("frame".equals(entry.get("check").asText())) {
                assertThat(codec.parse(bytes)).as(name + " is a valid message").isInstanceOf(ClientAction.Chat.class);
                assertFails(name, () -> codec.checkFrameSize(bytes.length), entry);
            } else {
                assertFails(name, () -> codec.parse(bytes), entry);
                assertFails(name, () -> codec.parse(frame), entry);
            }
        }
    }

    @Test
    void fixtures_coverEveryClientValidationCode() throws IOException {
        JsonNode manifest = manifest();
        Set<String> covered = Stream.concat(stream(manifest.get("invalid")), stream(manifest.get("generated")))
                .map(entry -> entry.get("code").asText()).collect(Collectors.toSet());
        Set<ErrorCode> clientCodes = EnumSet.of(ErrorCode.INVALID_JSON, ErrorCode.NOT_AN_OBJECT, ErrorCode.UNKNOWN_ACTION,
                ErrorCode.MISSING_FIELD, ErrorCode.INVALID_FIELD, ErrorCode.EMPTY_MESSAGE, ErrorCode.MESSAGE_TOO_LONG,
                ErrorCode.FRAME_TOO_LARGE, ErrorCode.PAYLOAD_TOO_LARGE);

        assertThat(covered).containsAll(clientCodes.stream().map(ErrorCode::wireName).toList());
        assertThat(manifest.get("limits").get("maxMessageTextBytes").asInt()).isEqualTo(Limits.defaults().maxMessageTextBytes());
    }

    private void assertFails(String name, Runnable action, JsonNode entry) {
        Throwable thrown = catchThrowable(action::run);
        assertThat(thrown).as(name).isInstanceOf(ProtocolException.class);
        ProtocolException e = (ProtocolException) thrown;
        assertThat(e.code().wireName()).as(name + " code (" + e.getMessage() + ")").isEqualTo(entry.get("code").asText());
        assertThat(e.requestId()).as(name + " requestId").isEqualTo(text(entry, "requestId"));
        assertThat(e.streamId()).as(name + " streamId").isEqualTo(text(entry, "streamId"));
        assertThat(e.getMessage()).as(name + " message").isNotBlank();
    }

    private static String text(JsonNode entry, String field) {
        return entry.hasNonNull(field) ? entry.get(field).asText() : null;
    }

    private static Stream<JsonNode> stream(JsonNode array) {
        return Arrays.stream(json(array));
    }

    private static JsonNode[] json(JsonNode array) {
        JsonNode[] nodes = new JsonNode[array.size()];
        for (int i = 0; i < nodes.length; i++) {
            nodes[i] = array.get(i);
        }
        return nodes;
    }

    private JsonNode manifest() throws IOException {
        return json.readTree(FIXTURES.resolve("manifest.json").toFile());
    }

    private static Set<String> fileNames(String dir) throws IOException {
        try (Stream<Path> files = Files.list(FIXTURES.resolve(dir))) {
            return files.map(path -> path.getFileName().toString()).collect(Collectors.toSet());
        }
    }
}
