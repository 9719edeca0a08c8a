package dev.streamgate.protocol.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@link JsonTrees} against what the codec used before, {@code ObjectMapper.readTree} with strict duplicate detection
 * and {@code FAIL_ON_TRAILING_TOKENS}: the same tree (node classes included) for every golden fixture and edge input,
 * a parser exception for every input the mapper refused, and {@code toPlain} as {@code convertValue} to a map.
 */
class JsonTreesTest {

    private static final JsonMapper MAPPER = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();
    private static final JsonFactory FACTORY = JsonFactory.builder().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();

    static Stream<Path> fixtures() throws IOException {
        List<Path> files = new ArrayList<>();
        for (String dir : List.of("actions", "compat", "events", "invalid")) {
            try (Stream<Path> list = Files.list(Path.of("fixtures", dir))) {
                list.sorted().forEach(files::add);
            }
        }
        return files.stream();
    }

    private static JsonNode read(byte[] bytes) throws IOException {
        try (JsonParser parser = FACTORY.createParser(bytes)) {
            return JsonTrees.readOne(parser);
        }
    }

    private static void assertSameAsMapper(byte[] bytes) throws IOException {
        JsonNode expected;
        try {
            expected = MAPPER.readTree(bytes);
        } catch (JsonProcessingException e) {
            assertThat(catchThrowable(() -> read(bytes))).as(new String(bytes, StandardCharsets.UTF_8) + " (mapper: "
                    + e.getOriginalMessage() + ")").isInstanceOf(JsonProcessingException.class);
            return;
        }
        JsonNode actual = read(bytes);
        if (expected == null || expected.isMissingNode()) {
            assertThat(actual).isNull();
            return;
        }
        assertThat(actual).isEqualTo(expected);
        assertSameClasses(actual, expected);
    }

    private static void assertSameClasses(JsonNode actual, JsonNode expected) {
        assertThat(actual.getClass()).as(expected.toString()).isEqualTo(expected.getClass());
        if (expected.isContainerNode()) {
            for (int i = 0; i < expected.size(); i++) {
                if (expected.isArray()) {
                    assertSameClasses(actual.get(i), expected.get(i));
                }
            }
            expected.fieldNames().forEachRemaining(name -> assertSameClasses(actual.get(name), expected.get(name)));
        }
    }

    @ParameterizedTest
    @MethodSource("fixtures")
    void everyGoldenFixture_readsAsTheMapperReadsIt(Path file) throws IOException {
        assertSameAsMapper(Files.readAllBytes(file));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "  \n ", "null", "true", "1", "-2147483649", "2147483647", "9223372036854775807",
        "9223372036854775808", "-9223372036854775809", "1.5", "1e3", "-0.0", "1e999", "\"s\"", "[]", "{}",
        "{\"a\":[1,{\"b\":null}],\"c\":\"\\u00e9\\ud83d\\udc4b\"}", "{\"a\":1,\"a\":2}", "{\"a\":1} {}", "{\"a\":1} x",
        "{\"a\":1}\n", "{\"a\":1,}", "{\"a\"}", "[1,]", "{\"a\":01}", "{\"a\":NaN}", "{'a':1}", "{\"a\":1", "]", "}", ","})
    void edgeInputs_readAsTheMapperReadsThem(String json) throws IOException {
        assertSameAsMapper(json.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void invalidUtf8_isAParserError() {
        byte[] bytes = {'{', '"', 'a', '"', ':', '"', (byte) 0xC3, (byte) 0x28, '"', '}'};
        assertThat(catchThrowable(() -> MAPPER.readTree(bytes))).isInstanceOf(JsonProcessingException.class);
        assertThat(catchThrowable(() -> read(bytes))).isInstanceOf(JsonProcessingException.class);
    }

    @Test
    void toPlain_givesWhatConvertValueGives() throws IOException {
        String json = "{\"s\":\"x\",\"i\":1,\"l\":12345678901,\"b\":123456789012345678901234567890,\"d\":1.25,\"e\":1e3,"
                + "\"t\":true,\"f\":false,\"n\":null,\"list\":[1,\"a\",[],{}],\"o\":{\"k\":{\"z\":-1}}}";
        JsonNode tree = read(json.getBytes(StandardCharsets.UTF_8));

        Object plain = JsonTrees.toPlain(tree);

        Map<String, Object> expected = MAPPER.convertValue(tree, new TypeReference<Map<String, Object>>() {
        });
        assertThat(plain).isEqualTo(expected);
        assertThat(List.copyOf(((Map<?, ?>) plain).keySet())).isEqualTo(List.copyOf(expected.keySet()));
        assertThat(((Map<?, ?>) plain).get("l")).isInstanceOf(Long.class);
        assertThat(((Map<?, ?>) plain).get("i")).isInstanceOf(Integer.class);
    }
}
