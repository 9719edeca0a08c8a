package dev.streamgate.protocol.internal;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * JSON trees read with jackson-core's streaming parser and databind's node classes, without an {@code ObjectMapper}:
 * building a mapper loads ~300 classes (a fifth of a Lambda handler's cold start), while the tree a frame needs is a
 * handful of node types. Produces the same nodes as {@code ObjectMapper.readTree} with
 * {@code FAIL_ON_TRAILING_TOKENS} (ints as {@code IntNode}/{@code LongNode}/{@code BigIntegerNode} by size, other
 * numbers as {@code DoubleNode}; a second value after the first is an error), and syntax errors, duplicate keys (when
 * the parser's factory detects them) and invalid UTF-8 surface as the same parser exceptions.
 */
public final class JsonTrees {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private JsonTrees() {
    }

    /**
     * Reads one JSON value and checks nothing follows it.
     *
     * @return the value, or {@code null} when the input holds no value at all (empty or only whitespace)
     * @throws JsonParseException on a syntax error or a token after the value
     */
    public static JsonNode readOne(JsonParser parser) throws IOException {
        JsonToken first = parser.nextToken();
        if (first == null) {
            return null;
        }
        JsonNode value = value(parser, first);
        JsonToken trailing = parser.nextToken();
        if (trailing != null) {
            throw new JsonParseException(parser, "Trailing token (of type " + trailing + ") found after value");
        }
        return value;
    }

    private static JsonNode value(JsonParser p, JsonToken token) throws IOException {
        return switch (token) {
            case START_OBJECT -> {
                ObjectNode object = NODES.objectNode();
                for (JsonToken t = p.nextToken(); t == JsonToken.FIELD_NAME; t = p.nextToken()) {
                    String name = p.currentName();
                    object.set(name, value(p, p.nextToken()));
                }
                yield object;
            }
            case START_ARRAY -> {
                ArrayNode array = NODES.arrayNode();
                for (JsonToken t = p.nextToken(); t != JsonToken.END_ARRAY; t = p.nextToken()) {
                    array.add(value(p, t));
                }
                yield array;
            }
            case VALUE_STRING -> NODES.textNode(p.getText());
            case VALUE_NUMBER_INT -> switch (p.getNumberType()) {
                case INT -> NODES.numberNode(p.getIntValue());
                case LONG -> NODES.numberNode(p.getLongValue());
                default -> NODES.numberNode(p.getBigIntegerValue());
            };
            case VALUE_NUMBER_FLOAT -> NODES.numberNode(p.getDoubleValue());
            case VALUE_TRUE -> NODES.booleanNode(true);
            case VALUE_FALSE -> NODES.booleanNode(false);
            case VALUE_NULL -> NODES.nullNode();
            default -> throw new JsonParseException(p, "Unexpected token (" + token + ")");
        };
    }

    /**
     * A tree as plain Java values, as {@code ObjectMapper.convertValue(node, Map/Object)} gives them: {@link String},
     * the node's own {@link Number} ({@code Integer}, {@code Long}, {@code BigInteger}, {@code Double}),
     * {@link Boolean}, {@code null}, {@link List} and {@link LinkedHashMap} (order kept).
     */
    public static Object toPlain(JsonNode node) {
        if (node == null || node.isNull() || node.isMissingNode()) {
            return null;
        }
        if (node.isTextual()) {
            return node.textValue();
        }
        if (node.isNumber()) {
            return node.numberValue();
        }
        if (node.isBoolean()) {
            return node.booleanValue();
        }
        if (node.isObject()) {
            Map<String, Object> map = new LinkedHashMap<>();
            for (Iterator<Map.Entry<String, JsonNode>> fields = node.fields(); fields.hasNext(); ) {
                Map.Entry<String, JsonNode> field = fields.next();
                map.put(field.getKey(), toPlain(field.getValue()));
            }
            return map;
        }
        if (node.isArray()) {
            List<Object> list = new ArrayList<>(node.size());
            for (JsonNode element : node) {
                list.add(toPlain(element));
            }
            return list;
        }
        throw new IllegalArgumentException("not a plain JSON value: " + node.getNodeType());
    }
}
