package dev.streamgate.store.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class JsonBodiesTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    // shapes DynamoDB and Secrets Manager answer with, and the edge cases of JSON itself
    private static final List<String> BODIES = List.of(
            "{}",
            "{\"Item\":{\"streamId\":{\"S\":\"s_1\"},\"expiresAt\":{\"N\":\"1795680000\"},\"owner\":{\"S\":\"http://10.0.3.57:8080\"}}}",
            "{\"Items\":[{\"connectionId\":{\"S\":\"abc=\"}},{\"connectionId\":{\"S\":\"d\\u00e9f=\"}}],\"Count\":2,\"ScannedCount\":2}",
            "{\"ConsumedCapacity\":{\"CapacityUnits\":0.5,\"TableName\":\"t\"},\"Attributes\":{\"b\":{\"BOOL\":true},\"n\":{\"NULL\":true}}}",
            "{\"__type\":\"com.amazonaws.dynamodb.v20120810#ConditionalCheckFailedException\",\"message\":\"The conditional request failed\"}",
            "{\"ARN\":\"arn:aws:secretsmanager:eu-west-1:1:secret:x\",\"SecretString\":\"p\\\"q\\\\r\\n\\u2028 😀\",\"CreatedDate\":1.795636805E9}",
            "{\"big\":123456789012345678901234567890,\"long\":9007199254740993,\"neg\":-1,\"zero\":0,\"e\":-2.5e-3,\"l\":[],\"o\":{},\"x\":null,"
                    + "\"f\":false}",
            "[1,\"two\",[3],{\"four\":4}]",
            "\"just a string\"");

    @Test
    void read_buildsTheSameTreeAsReadTree() throws IOException {
        for (String body : BODIES) {
            JsonNode ours = JsonBodies.read(body.getBytes(StandardCharsets.UTF_8));
            JsonNode theirs = MAPPER.readTree(body);
            assertThat(ours).as(body).isEqualTo(theirs);
            assertThat(classes(ours)).as(body).isEqualTo(classes(theirs));
        }
    }

    @Test
    void write_givesTheSameBytesAsTheMapper() throws IOException {
        for (String body : BODIES) {
            JsonNode tree = MAPPER.readTree(body);
            // bytes against bytes: the mapper's UTF-8 writer (what AwsJsonClient used) escapes surrogate pairs as ours does
            assertThat(new String(JsonBodies.write(tree), StandardCharsets.UTF_8)).as(body)
                    .isEqualTo(new String(MAPPER.writeValueAsBytes(tree), StandardCharsets.UTF_8));
        }
    }

    @Test
    void read_refusesWhatIsNotOneJsonValue() {
        for (String bad : List.of("", "   ", "{", "{\"a\":1}x", "{\"a\":1} {}", "<html>", "{\"a\":}")) {
            assertThatThrownBy(() -> JsonBodies.read(bad.getBytes(StandardCharsets.UTF_8))).as(bad).isInstanceOf(IOException.class);
        }
    }

    /** The node classes in document order, so that an IntNode where readTree gives a LongNode is caught. */
    private static String classes(JsonNode node) {
        StringBuilder out = new StringBuilder(node.getClass().getSimpleName());
        node.forEach(child -> out.append('(').append(classes(child)).append(')'));
        return out.toString();
    }
}
