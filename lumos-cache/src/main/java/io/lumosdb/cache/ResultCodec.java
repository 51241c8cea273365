package io.lumosdb.cache;

/**
 * How a {@link ResultCache} weighs and serializes its values: the database supplies one for its result
 * type. {@code decode(encode(v))} must equal {@code v}.
 *
 * <pre>{@code
 * ResultCodec<String> strings = new ResultCodec<>() {
 *     public long weigh(String s) { return 40 + 2L * s.length(); }
 *     public byte[] encode(String s) { return s.getBytes(StandardCharsets.UTF_8); }
 *     public String decode(byte[] b) { return new String(b, StandardCharsets.UTF_8); }
 * };
 * }</pre>
 */
public interface ResultCodec<V> {
    /** Estimated heap bytes {@code value} holds (the L1 weight). */
    long weigh(V value);

    /** A compact copy of {@code value} (the L2 form). */
    byte[] encode(V value);

    /** The value {@code bytes} was encoded from. */
    V decode(byte[] bytes);
}
