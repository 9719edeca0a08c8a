package dev.streamgate.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ProtocolCodecTest {
    private final ProtocolCodec codec = ProtocolCodec.create();

    @Test
    void parse_chatWithEveryField_readsAllOfThem() {
        ClientAction action = codec.parse("""
                {"action":"chat","requestId":"r-1","message":"hello","conversationId":"c:9",
                 "options":{"firstTokenDelayMs":250,"rate":2.5,"model":"m","nested":{"a":[1,true,null]}}}""");

        assertThat(action).isInstanceOf(ClientAction.Chat.class);
        ClientAction.Chat chat = (ClientAction.Chat) action;
        assertThat(chat.requestId()).isEqualTo("r-1");
        assertThat(chat.message()).isEqualTo("hello");
        assertThat(chat.conversationId()).isEqualTo("c:9");
        assertThat(chat.options().getLong("firstTokenDelayMs")).contains(250L);
        assertThat(chat.options().getDouble("rate")).contains(2.5);
        assertThat(chat.options().getString("model")).contains("m");
        assertThat(chat.options().getLong("model")).isEmpty();
        assertThat(chat.options().values().get("nested")).isEqualTo(Map.of("a", java.util.Arrays.asList(1L, true, null)));
    }

    @Test
    void parse_chatWithOnlyRequiredFields_leavesOptionalsNull() {
        ClientAction.Chat chat = (ClientAction.Chat) codec.parse("{\"action\":\"chat\",\"requestId\":\"r\",\"message\":\"hi\"}");

        assertThat(chat.conversationId()).isNull();
        assertThat(chat.options()).isNull();
    }

    @Test
    void parse_cancelResumePing_readEachAction() {
        assertThat(codec.parse("{\"action\":\"cancel\",\"streamId\":\"s-1\"}")).isEqualTo(new ClientAction.Cancel("s-1"));
        assertThat(codec.parse("{\"action\":\"resume\",\"streamId\":\"s-1\",\"lastSeq\":-1}"))
                .isEqualTo(new ClientAction.Resume("s-1", ClientAction.Resume.FROM_START));
        assertThat(codec.parse("{\"action\":\"resume\",\"streamId\":\"s-1\",\"lastSeq\":41}"))
                .isEqualTo(new ClientAction.Resume("s-1", 41));
        assertThat(codec.parse("{\"action\":\"ping\"}".getBytes(StandardCharsets.UTF_8))).isEqualTo(new ClientAction.Ping());
    }

    @Test
    void parse_unknownExtraFields_areIgnored() {
        assertThat(codec.parse("{\"action\":\"ping\",\"v\":2,\"future\":{\"x\":[1]}}")).isEqualTo(new ClientAction.Ping());
    }

    @Test
    void parse_whenNotJson_throwsInvalidJson() {
        assertCode("{\"action\":", ErrorCode.INVALID_JSON);
        assertCode("", ErrorCode.INVALID_JSON);
        assertCode("{\"action\":\"ping\"} {}", ErrorCode.INVALID_JSON);
        assertCode("{\"action\":\"ping\",\"action\":\"chat\"}", ErrorCode.INVALID_JSON);
    }

    @Test
    void parse_whenJsonButNotAnObject_throwsNotAnObject() {
        assertCode("[1,2]", ErrorCode.NOT_AN_OBJECT);
        assertCode("\"ping\"", ErrorCode.NOT_AN_OBJECT);
        assertCode("null", ErrorCode.NOT_AN_OBJECT);
    }

    @Test
    void parse_actionProblems_haveTheirOwnCodes() {
        assertCode("{}", ErrorCode.MISSING_FIELD);
        assertCode("{\"action\":7}", ErrorCode.INVALID_FIELD);
        assertCode("{\"action\":\"shout\"}", ErrorCode.UNKNOWN_ACTION);
    }

    @Test
    void parse_chatFieldProblems_echoTheRequestId() {
        ProtocolException missing = catchProtocol("{\"action\":\"chat\",\"requestId\":\"r-7\"}");
        assertThat(missing.code()).isEqualTo(ErrorCode.MISSING_FIELD);
        assertThat(missing.getMessage()).contains("\"message\"");
        assertThat(missing.requestId()).isEqualTo("r-7");
        assertThat(missing.toErrorEvent()).isEqualTo(new ServerEvent.Error(ErrorCode.MISSING_FIELD, missing.getMessage(),
                false, null, "r-7"));

        assertCode("{\"action\":\"chat\",\"requestId\":\"r\",\"message\":42}", ErrorCode.INVALID_FIELD);
        assertCode("{\"action\":\"chat\",\"requestId\":\"has space\",\"message\":\"x\"}", ErrorCode.INVALID_FIELD);
        assertCode("{\"action\":\"chat\",\"requestId\":\"r\",\"message\":\"  \"}", ErrorCode.EMPTY_MESSAGE);
        assertCode("{\"action\":\"chat\",\"requestId\":\"r\",\"message\":\"x\",\"options\":[1]}", ErrorCode.INVALID_FIELD);
    }

    @Test
    void parse_resumeWithBadLastSeq_throwsInvalidField() {
        assertCode("{\"action\":\"resume\",\"streamId\":\"s\",\"lastSeq\":-2}", ErrorCode.INVALID_FIELD);
        assertCode("{\"action\":\"resume\",\"streamId\":\"s\",\"lastSeq\":1.5}", ErrorCode.INVALID_FIELD);
        assertCode("{\"action\":\"resume\",\"streamId\":\"s\",\"lastSeq\":\"3\"}", ErrorCode.INVALID_FIELD);
        assertCode("{\"action\":\"resume\",\"streamId\":\"s\"}", ErrorCode.MISSING_FIELD);
    }

    @Test
    void parse_payloadOverLimit_isRefusedBeforeParsing() {
        String huge = "x".repeat(Limits.PAYLOAD_BYTES + 1);

        assertCode(huge, ErrorCode.PAYLOAD_TOO_LARGE);
    }

    @Test
    void write_eachEvent_putsTypeFirstAndOmitsAbsentOptionals() {
        assertThat(codec.write(new ServerEvent.Accepted("r", "s"))).isEqualTo("{\"type\":\"accepted\",\"requestId\":\"r\",\"streamId\":\"s\"}");
        assertThat(codec.write(new ServerEvent.Chunk("s", 3, "a\"b\n")))
                .isEqualTo("{\"type\":\"chunk\",\"streamId\":\"s\",\"seq\":3,\"text\":\"a\\\"b\\n\"}");
        assertThat(codec.write(new ServerEvent.Heartbeat("s"))).isEqualTo("{\"type\":\"heartbeat\",\"streamId\":\"s\"}");
        assertThat(codec.write(new ServerEvent.Handoff("s", 9))).isEqualTo("{\"type\":\"handoff\",\"streamId\":\"s\",\"lastSeq\":9}");
        assertThat(codec.write(new ServerEvent.Done("s", 10, DoneReason.COMPLETE)))
                .isEqualTo("{\"type\":\"done\",\"streamId\":\"s\",\"seq\":10,\"reason\":\"complete\"}");
        assertThat(codec.write(new ServerEvent.Done("s", 10, DoneReason.LENGTH, new Usage(5, 7))))
                .isEqualTo("{\"type\":\"done\",\"streamId\":\"s\",\"seq\":10,\"reason\":\"length\","
                        + "\"usage\":{\"inputTokens\":5,\"outputTokens\":7}}");
        assertThat(codec.write(new ServerEvent.Error(ErrorCode.RATE_LIMITED, "slow down")))
                .isEqualTo("{\"type\":\"error\",\"code\":\"rate_limited\",\"message\":\"slow down\",\"retryable\":true}");
        assertThat(codec.write(new ServerEvent.Pong())).isEqualTo("{\"type\":\"pong\"}");
    }

    @Test
    void writeThenParseEvent_roundTripsEveryEvent() {
        List<ServerEvent> events = List.of(new ServerEvent.Accepted("r", "s"), new ServerEvent.Chunk("s", 0, "h\u00e9\uD83D\uDE00"),
                new ServerEvent.Heartbeat("s"), new ServerEvent.Handoff("s", -1),
                new ServerEvent.Done("s", 1, DoneReason.CANCELLED, new Usage(1, 2)),
                new ServerEvent.Error(ErrorCode.STREAM_NOT_FOUND, "no such stream", false, "s", "r"), new ServerEvent.Pong());

        for (ServerEvent event : events) {
            assertThat(codec.parseEvent(codec.write(event))).isEqualTo(event);
        }
    }

    @Test
    void writeActionThenParse_roundTripsEveryAction() {
        Map<String, Object> knobs = new LinkedHashMap<>();
        knobs.put("lengthTokens", 400);
        knobs.put("flag", false);
        List<ClientAction> actions = List.of(new ClientAction.Chat("r", "hi", "c", ChatOptions.of(knobs)),
                new ClientAction.Chat("r", "hi"), new ClientAction.Cancel("s"), new ClientAction.Resume("s", 3),
                new ClientAction.Ping());

        for (ClientAction action : actions) {
            assertThat(codec.parse(codec.writeAction(action))).isEqualTo(action);
        }
        assertThat(codec.writeAction(actions.get(0)))
                .isEqualTo("{\"action\":\"chat\",\"requestId\":\"r\",\"message\":\"hi\",\"conversationId\":\"c\","
                        + "\"options\":{\"lengthTokens\":400,\"flag\":false}}");
    }

    @Test
    void write_textWithUnpairedSurrogate_writesReplacementCharacter() {
        assertThat(codec.write(new ServerEvent.Chunk("s", 0, "a\uD800b"))).contains("\"text\":\"a\uFFFDb\"");
    }

    @Test
    void chatToString_neverContainsTheMessageText() {
        assertThat(new ClientAction.Chat("r", "secret text").toString()).doesNotContain("secret");
        assertThat(new ServerEvent.Chunk("s", 0, "secret text").toString()).doesNotContain("secret");
    }

    private void assertCode(String frame, ErrorCode expected) {
        assertThat(catchProtocol(frame).code()).as(frame.length() > 80 ? frame.substring(0, 80) : frame).isEqualTo(expected);
    }

    private ProtocolException catchProtocol(String frame) {
        Throwable thrown = org.assertj.core.api.Assertions.catchThrowable(() -> codec.parse(frame));
        assertThat(thrown).isInstanceOf(ProtocolException.class);
        return (ProtocolException) thrown;
    }

    @Test
    void errorCode_wireNamesAreLowerSnakeCaseAndRoundTrip() {
        for (ErrorCode code : ErrorCode.values()) {
            assertThat(code.wireName()).matches("[a-z]+(_[a-z]+)*");
            assertThat(ErrorCode.fromWireName(code.wireName())).contains(code);
        }
        assertThatThrownBy(() -> new ClientAction.Resume("s", -2)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void parse_withSmallerTextLimit_countsUtf8BytesNotChars() {
        ProtocolCodec strict = ProtocolCodec.create(Limits.fromEnvironment(Map.of(Limits.ENV_MAX_MESSAGE_TEXT_BYTES, "6")));

        assertThat(strict.parse("{\"action\":\"chat\",\"requestId\":\"r\",\"message\":\"\u20ac\u20ac\"}")).isNotNull();
        Throwable thrown = org.assertj.core.api.Assertions.catchThrowable(
                () -> strict.parse("{\"action\":\"chat\",\"requestId\":\"r\",\"message\":\"\u20ac\u20aca\"}"));
        assertThat(thrown).isInstanceOfSatisfying(ProtocolException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.MESSAGE_TOO_LONG);
            assertThat(e.getMessage()).contains("7 bytes").contains("limit is 6");
        });
    }

    @Test
    void limits_fromEnvironment_rejectsNonsenseWithTheVariableName() {
        assertThat(Limits.fromEnvironment(Map.of())).isEqualTo(Limits.defaults());
        assertThat(Limits.defaults().maxMessageTextBytes()).isEqualTo(126_976);
        assertThatThrownBy(() -> Limits.fromEnvironment(Map.of(Limits.ENV_MAX_MESSAGE_TEXT_BYTES, "lots")))
                .hasMessageContaining(Limits.ENV_MAX_MESSAGE_TEXT_BYTES);
        assertThatThrownBy(() -> Limits.fromEnvironment(Map.of(Limits.ENV_MAX_MESSAGE_TEXT_BYTES, "200000")))
                .hasMessageContaining(Limits.ENV_MAX_MESSAGE_TEXT_BYTES);
    }

    @Test
    void parse_idFormat_acceptsTheDocumentedAlphabetUpTo128Chars() {
        String longest = "A".repeat(120) + "z9._:-Zq";

        assertThat(codec.parse("{\"action\":\"cancel\",\"streamId\":\"" + longest + "\"}")).isEqualTo(new ClientAction.Cancel(longest));
        assertCode("{\"action\":\"cancel\",\"streamId\":\"" + longest + "x\"}", ErrorCode.INVALID_FIELD);
        assertCode("{\"action\":\"cancel\",\"streamId\":\"a\\u0000b\"}", ErrorCode.INVALID_FIELD);
    }

    @Test
    void checkFrameSize_refusesOnlyAboveThirtyTwoKilobytes() {
        codec.checkFrameSize(Limits.FRAME_BYTES);

        assertThatThrownBy(() -> codec.checkFrameSize(Limits.FRAME_BYTES + 1)).isInstanceOfSatisfying(ProtocolException.class,
                e -> assertThat(e.code()).isEqualTo(ErrorCode.FRAME_TOO_LARGE));
    }

    @Test
    void errorMessages_neverEchoTheChatText() {
        ProtocolException e = catchProtocol("{\"action\":\"chat\",\"requestId\":\"r\",\"message\":\"my secret\",\"options\":7}");

        assertThat(e.getMessage()).doesNotContain("secret");
        assertThat(catchProtocol("{\"action\":\"chat\",\"message\":\"my secret\"").getMessage()).doesNotContain("secret");
        ProtocolException bareWord = catchProtocol("{\"action\":\"chat\",\"message\":mysecretword}");
        assertThat(bareWord.code()).isEqualTo(ErrorCode.INVALID_JSON);
        assertThat(bareWord.getMessage()).doesNotContain("secret").contains("line 1");
    }

    @Test
    void invalidJson_keepsJacksonsExplanationAndHidesOnlyLongTokens() {
        assertThat(catchProtocol("not json").getMessage())
                .contains("Unrecognized token 'not': was expecting").contains("'null', 'true' or 'false'");
        assertThat(catchProtocol("mysecretword").getMessage())
                .contains("Unrecognized token '...'").contains("'null', 'true' or 'false'").doesNotContain("secret");
    }

    @Test
    void parseChatBody_withoutAction_readsTheChatAndFillsAMissingRequestId() {
        byte[] body = "{\"message\":\"hi\",\"options\":{\"n\":1}}".getBytes(StandardCharsets.UTF_8);

        ClientAction.Chat chat = codec.parseChatBody(body, "generated-1");

        assertThat(chat).isEqualTo(new ClientAction.Chat("generated-1", "hi", null, ChatOptions.of(Map.of("n", 1))));
        assertThat(codec.parseChatBody("{\"action\":\"chat\",\"requestId\":\"r-2\",\"message\":\"hi\"}"
                .getBytes(StandardCharsets.UTF_8), "unused").requestId()).isEqualTo("r-2");
    }

    @Test
    void parseChatBody_problems_useTheSameCodesAsFrames() {
        assertThatThrownBy(() -> codec.parseChatBody("{\"message\":\"hi\"}".getBytes(StandardCharsets.UTF_8), null))
                .isInstanceOfSatisfying(ProtocolException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.MISSING_FIELD));
        assertThatThrownBy(() -> codec.parseChatBody("{\"action\":\"cancel\",\"message\":\"hi\"}".getBytes(StandardCharsets.UTF_8),
                "r")).isInstanceOfSatisfying(ProtocolException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.UNKNOWN_ACTION));
        assertThatThrownBy(() -> codec.parseChatBody("{\"message\":\"\"}".getBytes(StandardCharsets.UTF_8), "r-9"))
                .isInstanceOfSatisfying(ProtocolException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.EMPTY_MESSAGE);
                    assertThat(e.requestId()).isEqualTo("r-9");
                });
        assertThatThrownBy(() -> codec.parseChatBody("[]".getBytes(StandardCharsets.UTF_8), "r"))
                .isInstanceOfSatisfying(ProtocolException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.NOT_AN_OBJECT));
    }
}
