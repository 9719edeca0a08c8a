package dev.streamgate.store;

import java.util.Objects;

/**
 * One key attribute of a table or index: its name and scalar type, as plain data that infra can turn into CDK.
 *
 * @param name attribute name
 * @param type scalar type of the attribute
 */
public record KeyAttribute(String name, AttributeType type) {

    /** The two scalar types our keys use. */
    public enum AttributeType {
        /** DynamoDB {@code S}. */
        STRING("S"),
        /** DynamoDB {@code N}. */
        NUMBER("N");

        private final String wireName;

        AttributeType(String wireName) {
            this.wireName = wireName;
        }

        /** Returns the DynamoDB type letter ({@code S} or {@code N}). */
        public String wireName() {
            return wireName;
        }
    }

    /** Validates both fields. */
    public KeyAttribute {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
    }

    /** A string key attribute. */
    public static KeyAttribute string(String name) {
        return new KeyAttribute(name, AttributeType.STRING);
    }

    /** A number key attribute. */
    public static KeyAttribute number(String name) {
        return new KeyAttribute(name, AttributeType.NUMBER);
    }
}
