package io.lumosdb.cluster;

import io.lumosdb.server.ApiKey;
import io.lumosdb.server.ApiKeys;
import io.lumosdb.server.Role;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashSet;

/**
 * An API key made or revoked through the admin API, as a log entry: the key's record and the SHA-256 of
 * its secret (the secret itself stays with the node that answered the admin), or the id revoked. Every
 * node applies it to its own key file, so a key made on any node opens every node.
 *
 * @param stored the key made, or null for a revoke
 * @param revokedId the id revoked, or null for a key made
 */
record KeyChange(ApiKeys.Stored stored, String revokedId) {
    static final byte FORMAT = 2;

    static KeyChange made(ApiKeys.Stored stored) {
        return new KeyChange(stored, null);
    }

    static KeyChange revoked(String id) {
        return new KeyChange(null, id);
    }

    byte[] encode() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(FORMAT);
            if (stored == null) {
                out.writeByte('R');
                WriteBatch.writeText(out, revokedId);
            } else {
                ApiKey k = stored.key();
                out.writeByte('C');
                WriteBatch.writeText(out, k.id());
                WriteBatch.writeText(out, k.name());
                WriteBatch.writeText(out, k.role().label());
                WriteBatch.writeText(out, k.user() == null ? "" : k.user());
                WriteBatch.writeText(out, k.collections() == null ? "" : String.join(",", k.collections()));
                out.writeBoolean(k.user() != null);
                out.writeBoolean(k.collections() != null);
                WriteBatch.writeText(out, k.created().toString());
                out.write(stored.sha256());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    static KeyChange decode(InputStream in) throws IOException {
        DataInputStream data = new DataInputStream(in);
        int format = data.readUnsignedByte();
        if (format != FORMAT) {
            throw new IOException("not a key change: format " + format);
        }
        int op = data.readUnsignedByte();
        if (op == 'R') {
            return revoked(WriteBatch.readText(data));
        }
        if (op != 'C') {
            throw new IOException("unknown key change " + op);
        }
        String id = WriteBatch.readText(data);
        String name = WriteBatch.readText(data);
        Role role = Role.parse(WriteBatch.readText(data));
        String user = WriteBatch.readText(data);
        String collections = WriteBatch.readText(data);
        boolean hasUser = data.readBoolean();
        boolean hasCollections = data.readBoolean();
        Instant created = Instant.parse(WriteBatch.readText(data));
        byte[] sha256 = data.readNBytes(32);
        ApiKey key = new ApiKey(id, name, role, hasUser ? user : null,
                hasCollections ? new LinkedHashSet<>(Arrays.asList(collections.split(","))) : null, created);
        return made(new ApiKeys.Stored(key, sha256));
    }
}
