package dev.streamgate.store.internal;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import dev.streamgate.protocol.internal.JsonTrees;
import java.io.ByteArrayOutputStream;
import java.io.IOException;

/**
 * DynamoDB's and Secrets Manager's JSON bodies read into and written from {@code JsonNode} trees with jackson-core
 * alone. The trees are databind's node classes, as {@code ObjectMapper.readTree} builds them (same node types for
 * every number), but no {@code ObjectMapper} is built: its ~300 classes were most of what a Lambda's first DynamoDB
 * call loaded. Reading is the wire codec's own tree reader ({@link JsonTrees}). {@code JsonBodiesTest} compares both
 * ways with {@code ObjectMapper}.
 */
public final class JsonBodies {

    private static final JsonFactory FACTORY = new JsonFactory();

    private JsonBodies() {
    }

    /** The UTF-8 JSON of {@code tree}. */
    public static byte[] write(JsonNode tree) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        try (JsonGenerator g = FACTORY.createGenerator(out, JsonEncoding.UTF8)) {
            write(g, tree);
        }
        return out.toByteArray();
    }

    private static void write(JsonGenerator g, JsonNode node) throws IOException {
        switch (node.getNodeType()) {
            case OBJECT -> {
                g.writeStartObject();
                for (var field : node.properties()) {
                    g.writeFieldName(field.getKey());
                    write(g, field.getValue());
                }
                g.writeEndObject();
            }
            case ARRAY -> {
                g.writeStartArray();
                for (JsonNode element : node) {
                    write(g, element);
                }
                g.writeEndArray();
            }
            case STRING -> g.writeString(node.textValue());
            case NUMBER -> {
                switch (node.numberType()) {
                    case INT -> g.writeNumber(node.intValue());
                    case LONG -> g.writeNumber(node.longValue());
                    case BIG_INTEGER -> g.writeNumber(node.bigIntegerValue());
                    case FLOAT -> g.writeNumber(node.floatValue());
                    case BIG_DECIMAL -> g.writeNumber(node.decimalValue());
                    default -> g.writeNumber(node.doubleValue());
                }
            }
            case BOOLEAN -> g.writeBoolean(node.booleanValue());
            case NULL, MISSING -> g.writeNull();
            default -> throw new IOException("cannot write a " + node.getNodeType() + " node as JSON");
        }
    }

    /** The one JSON value in {@code body}; an {@code IOException} for malformed JSON, trailing content or an empty body. */
    public static JsonNode read(byte[] body) throws IOException {
        try (JsonParser p = FACTORY.createParser(body)) {
            JsonNode tree = JsonTrees.readOne(p);
            if (tree == null) {
                throw new IOException("empty JSON body");
            }
            return tree;
        }
    }
}
