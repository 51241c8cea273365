package io.lumosdb.server;

import static org.junit.jupiter.api.Assertions.assertThrows;

import com.auth0.jwt.JWT;
import com.auth0.jwt.algorithms.Algorithm;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** ES256 tokens verified by a PEM public key; collection-bound claims; a key of the wrong kind refused at start. */
class JwtEs256Test {
    @TempDir
    Path tmp;

    private static KeyPair ecKeys() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec("secp256r1"));
        return g.generateKeyPair();
    }

    @Test
    void es256Token_withCollectionClaims_isHonoured() throws Exception {
        KeyPair pair = ecKeys();
        Path pem = tmp.resolve("jwt.pem");
        Files.writeString(pem, "-----BEGIN PUBLIC KEY-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(pair.getPublic().getEncoded()) + "\n-----END PUBLIC KEY-----\n");
        try (LiveServer s = LiveServer.start(b -> b.jwtEs256PublicKey(pem))) {
            s.call("PUT", "/v1/collections/a", s.adminKey, "{\"dimensions\":2}").expect(201);
            s.call("PUT", "/v1/collections/b", s.adminKey, "{\"dimensions\":2}").expect(201);
            Algorithm es = Algorithm.ECDSA256((ECPublicKey) pair.getPublic(), (ECPrivateKey) pair.getPrivate());
            String token = JWT.create().withSubject("svc").withClaim("role", "write").withArrayClaim("collections", new String[] {"a"}).sign(es);
            s.call("PUT", "/v1/collections/a/points", token, "{\"points\":[{\"id\":\"p\",\"vector\":[1,0]}]}").expect(200);
            s.call("PUT", "/v1/collections/b/points", token, "{\"points\":[{\"id\":\"p\",\"vector\":[1,0]}]}").expect(403);
            KeyPair other = ecKeys();
            String forged = JWT.create().withClaim("role", "admin")
                    .sign(Algorithm.ECDSA256((ECPublicKey) other.getPublic(), (ECPrivateKey) other.getPrivate()));
            s.get("/v1/tables", forged).expect(401);
            String hs = JWT.create().withClaim("role", "admin").sign(Algorithm.HMAC256("a secret of at least thirty-two bytes long"));
            s.get("/v1/tables", hs).expect(401); // no algorithm switching
        }
        Path notPem = tmp.resolve("bad.pem");
        Files.writeString(notPem, "hello");
        assertThrows(IllegalArgumentException.class, () -> LumosServer.builder().jwtEs256PublicKey(notPem));
        assertThrows(IllegalArgumentException.class, () -> LumosServer.builder().jwtHs256Secret(new byte[8]));
    }
}
