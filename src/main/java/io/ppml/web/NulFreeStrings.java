package io.ppml.web;

import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.deser.jdk.StringDeserializer;
import tools.jackson.databind.exc.InvalidFormatException;
import tools.jackson.databind.module.SimpleModule;

/**
 * Refuses the NUL character (U+0000, {@code "\u0000"} in JSON) in every string of a request body, with a 400 that
 * names the field. No field has a use for it, and PostgreSQL cannot store it in text: a name or id holding one
 * reached the database and failed there as a 500, on PostgreSQL only. Refusing it when the body is read makes the
 * answer the same on both databases, whichever field it is in.
 */
final class NulFreeStrings extends SimpleModule {

    NulFreeStrings() {
        super("nul-free-strings");
        addDeserializer(String.class, new Deserializer());
    }

    private static final class Deserializer extends StringDeserializer {
        @Override
        public String deserialize(JsonParser parser, DeserializationContext context) throws JacksonException {
            String value = super.deserialize(parser, context);
            if (value != null && value.indexOf('\0') >= 0) {
                throw InvalidFormatException.from(parser, "must not contain the NUL character (U+0000)",
                        "(a string with U+0000)", String.class);
            }
            return value;
        }
    }
}
