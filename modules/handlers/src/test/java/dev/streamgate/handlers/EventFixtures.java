package dev.streamgate.handlers;

import com.amazonaws.services.lambda.runtime.serialization.PojoSerializer;
import com.amazonaws.services.lambda.runtime.serialization.events.LambdaEventSerializers;
import com.amazonaws.services.lambda.runtime.serialization.factories.JacksonFactory;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * Loads the API Gateway event JSON files in {@code src/test/resources/events} (shapes as AWS documents and sends them;
 * {@code @NAME@} placeholders for ids and tokens that a test must choose) and turns them into the event objects the
 * Java Lambda runtime would pass, with the runtime's own serialization library.
 */
final class EventFixtures {

    private EventFixtures() {
    }

    /** The event in {@code events/<name>.json} with placeholders replaced, deserialized to {@code type}. */
    static <T> T load(String name, Class<T> type, Map<String, String> placeholders) {
        return runtimeSerializer(type).fromJson(json(name, placeholders));
    }

    /** The raw JSON of {@code events/<name>.json} with placeholders replaced, as the runtime hands it to a stream handler. */
    static String json(String name, Map<String, String> placeholders) {
        String json = text(name);
        for (Map.Entry<String, String> e : placeholders.entrySet()) {
            json = json.replace("@" + e.getKey() + "@", e.getValue());
        }
        return json;
    }

    /** A handler result serialized the way the Lambda runtime returns it to API Gateway. */
    static <T> String toJson(T value, Class<T> type) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        runtimeSerializer(type).toJson(value, out);
        return out.toString(StandardCharsets.UTF_8);
    }

    private static String text(String name) {
        String path = "/events/" + name + ".json";
        try (InputStream in = EventFixtures.class.getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalArgumentException("no test event " + path);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The serializer the Java runtime uses for {@code type}. */
    static <T> PojoSerializer<T> runtimeSerializer(Class<T> type) {
        if (LambdaEventSerializers.isLambdaSupportedEvent(type.getName())) {
            return LambdaEventSerializers.serializerFor(type, EventFixtures.class.getClassLoader());
        }
        return JacksonFactory.getInstance().getSerializer(type);
    }
}
