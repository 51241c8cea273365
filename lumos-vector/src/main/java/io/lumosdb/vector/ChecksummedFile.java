package io.lumosdb.vector;

import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.zip.CRC32C;

/**
 * A file of little-endian primitives followed by the CRC-32C of everything before it (four bytes), read
 * and written through a 1 MiB buffer: the container of {@link GraphSnapshot}. The reader never reads past
 * the checksum, checks the length of everything it reads against what is left, and says where a file
 * ends too soon.
 *
 * <pre>{@code
 * try (ChecksummedFile.Writer out = new ChecksummedFile.Writer(tmp)) { out.putInt(2); out.finish(); }
 * try (ChecksummedFile.Reader in = new ChecksummedFile.Reader(tmp)) { int format = in.getInt(); in.finish(); }
 * }</pre>
 */
final class ChecksummedFile {
    private static final int BUFFER = 1 << 20;

    private ChecksummedFile() {}

    /** Writes a file; {@link #finish()} appends the checksum and forces it to disk. */
    static final class Writer implements Closeable {
        private final FileChannel channel;
        private final ByteBuffer buffer = ByteBuffer.allocate(BUFFER).order(ByteOrder.LITTLE_ENDIAN);
        private final CRC32C crc = new CRC32C();

        Writer(Path file) throws IOException {
            channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE);
        }

        private void room(int bytes) throws IOException {
            if (buffer.remaining() < bytes) {
                flush();
            }
        }

        private void flush() throws IOException {
            buffer.flip();
            crc.update(buffer.array(), 0, buffer.limit());
            while (buffer.hasRemaining()) {
                channel.write(buffer);
            }
            buffer.clear();
        }

        void putBytes(byte[] bytes) throws IOException {
            room(bytes.length);
            buffer.put(bytes);
        }

        void putByte(int b) throws IOException {
            room(1);
            buffer.put((byte) b);
        }

        void putInt(int v) throws IOException {
            room(4);
            buffer.putInt(v);
        }

        void putLong(long v) throws IOException {
            room(8);
            buffer.putLong(v);
        }

        void putLongs(long[] values) throws IOException {
            room(8 * values.length);
            buffer.asLongBuffer().put(values);
            buffer.position(buffer.position() + 8 * values.length);
        }

        void putFloats(float[] values) throws IOException {
            room(4 * values.length);
            buffer.asFloatBuffer().put(values);
            buffer.position(buffer.position() + 4 * values.length);
        }

        /** A string as its UTF-8 length and bytes. */
        void putString(String s) throws IOException {
            byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
            putInt(bytes.length);
            putBytes(bytes);
        }

        /**
         * Writes what is buffered and the checksum. Not forced to disk: a file torn by a power loss fails
         * its checksum and is rebuilt from SQLite, which is cheaper than waiting for every snapshot.
         */
        void finish() throws IOException {
            flush();
            ByteBuffer tail = ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt((int) crc.getValue()).flip();
            while (tail.hasRemaining()) {
                channel.write(tail);
            }
        }

        @Override
        public void close() throws IOException {
            channel.close();
        }
    }

    /** Reads a file written by {@link Writer}; {@link #finish()} checks that all was read and the checksum. */
    static final class Reader implements Closeable {
        private final FileChannel channel;
        private final long payload;
        private final ByteBuffer buffer = ByteBuffer.allocate(BUFFER).order(ByteOrder.LITTLE_ENDIAN);
        private final CRC32C crc = new CRC32C();
        private long read;

        Reader(Path file) throws IOException {
            channel = FileChannel.open(file, StandardOpenOption.READ);
            long size = channel.size();
            if (size < 4) {
                channel.close();
                throw new EOFException("the file holds " + size + " bytes, fewer than its checksum");
            }
            payload = size - 4;
            buffer.flip(); // empty, ready to read
        }

        /** Bytes before the checksum. */
        long payloadSize() {
            return payload;
        }

        private void need(int bytes, String what) throws IOException {
            if (buffer.remaining() >= bytes) {
                return;
            }
            buffer.compact();
            while (buffer.position() < bytes && read < payload) {
                int start = buffer.position();
                buffer.limit((int) Math.min(buffer.capacity(), start + (payload - read)));
                int n = channel.read(buffer);
                if (n < 0) {
                    break;
                }
                crc.update(buffer.array(), start, n);
                read += n;
            }
            buffer.flip();
            if (buffer.remaining() < bytes) {
                throw new EOFException("it ends in the middle of " + what + " (" + bytes + " bytes needed, "
                        + buffer.remaining() + " left before the checksum)");
            }
        }

        byte[] getBytes(int n, String what) throws IOException {
            need(n, what);
            byte[] out = new byte[n];
            buffer.get(out);
            return out;
        }

        int getByte(String what) throws IOException {
            need(1, what);
            return buffer.get() & 0xff;
        }

        int getInt(String what) throws IOException {
            need(4, what);
            return buffer.getInt();
        }

        long getLong(String what) throws IOException {
            need(8, what);
            return buffer.getLong();
        }

        long[] getLongs(int n, String what) throws IOException {
            need(8 * n, what);
            long[] out = new long[n];
            buffer.asLongBuffer().get(out);
            buffer.position(buffer.position() + 8 * n);
            return out;
        }

        void getFloats(float[] into, String what) throws IOException {
            need(4 * into.length, what);
            buffer.asFloatBuffer().get(into);
            buffer.position(buffer.position() + 4 * into.length);
        }

        /** A string written by {@link Writer#putString}, refused when longer than {@code maxBytes}. */
        String getString(int maxBytes, String what) throws IOException {
            int n = getInt(what);
            if (n < 0 || n > maxBytes) {
                throw new IOException(what + " is " + n + " bytes long, outside 0 to " + maxBytes);
            }
            return new String(getBytes(n, what), StandardCharsets.UTF_8);
        }

        /** Checks that everything before the checksum was read and that the checksum matches. */
        void finish() throws IOException {
            if (buffer.hasRemaining() || read < payload) {
                throw new IOException((payload - read + buffer.remaining()) + " bytes follow the last node");
            }
            ByteBuffer tail = ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN);
            while (tail.hasRemaining()) {
                if (channel.read(tail, payload + tail.position()) < 0) {
                    throw new EOFException("its checksum is cut short");
                }
            }
            int stored = tail.flip().getInt();
            if (stored != (int) crc.getValue()) {
                throw new IOException(String.format(java.util.Locale.ROOT, "its checksum is %08x, its contents' %08x: the file is damaged",
                        stored, (int) crc.getValue()));
            }
        }

        @Override
        public void close() throws IOException {
            channel.close();
        }
    }
}
