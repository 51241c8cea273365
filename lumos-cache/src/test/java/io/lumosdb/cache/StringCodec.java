package io.lumosdb.cache;

import java.nio.charset.StandardCharsets;

/** A codec of strings for tests: weight 40 + 2 bytes a character, UTF-8 form. */
final class StringCodec implements ResultCodec<String> {
    int decodes;

    @Override
    public long weigh(String value) {
        return 40 + 2L * value.length();
    }

    @Override
    public byte[] encode(String value) {
        return value.getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public String decode(byte[] bytes) {
        decodes++;
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
