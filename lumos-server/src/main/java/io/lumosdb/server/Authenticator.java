package io.lumosdb.server;

import com.auth0.jwt.JWT;
import com.auth0.jwt.JWTVerifier;
import com.auth0.jwt.algorithms.Algorithm;
import com.auth0.jwt.exceptions.JWTVerificationException;
import com.auth0.jwt.interfaces.Claim;
import com.auth0.jwt.interfaces.DecodedJWT;
import io.javalin.http.Context;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Who a request comes from: {@code Authorization: Bearer <credential>}, where the credential is an API
 * key ({@link ApiKeys}) or, when the server has a JWT key, a JSON Web Token (HS256 or ES256) whose claims
 * say the same as a key's fields: {@code role} (required), {@code user}, {@code collections} (an array),
 * {@code sub} (a name for logs). A token's {@code exp} and {@code nbf} are checked when present.
 */
final class Authenticator {
    private final ApiKeys keys;
    private final JWTVerifier jwt;
    private final boolean enabled;

    Authenticator(ApiKeys keys, Algorithm jwtAlgorithm, boolean enabled) {
        this.keys = keys;
        this.jwt = jwtAlgorithm == null ? null : JWT.require(jwtAlgorithm).acceptLeeway(5).build();
        this.enabled = enabled;
    }

    Principal authenticate(Context ctx) {
        if (!enabled) {
            return Principal.ANONYMOUS_ADMIN;
        }
        String header = ctx.header("Authorization");
        if (header == null || header.isBlank()) {
            throw unauthorized(ctx, "send a key or token as 'Authorization: Bearer <key>'");
        }
        if (!header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            throw unauthorized(ctx, "the Authorization header must be 'Bearer <key>'");
        }
        String credential = header.substring(7).trim();
        Optional<ApiKey> key = keys.check(credential);
        if (key.isPresent()) {
            ApiKey k = key.get();
            return new Principal("key " + k.id(), k.role(), k.user(), k.collections());
        }
        if (jwt != null && credential.chars().filter(c -> c == '.').count() == 2) {
            return fromToken(ctx, credential);
        }
        throw unauthorized(ctx, "the key is not valid (unknown, revoked or malformed)");
    }

    private Principal fromToken(Context ctx, String token) {
        DecodedJWT t;
        try {
            t = jwt.verify(token);
        } catch (JWTVerificationException e) {
            throw unauthorized(ctx, "the token is not valid: " + e.getMessage());
        }
        Claim role = t.getClaim("role");
        if (role.isMissing() || role.asString() == null) {
            throw unauthorized(ctx, "the token has no 'role' claim (read, write, admin or metrics)");
        }
        Role r;
        try {
            r = Role.parse(role.asString());
        } catch (IllegalArgumentException e) {
            throw unauthorized(ctx, "the token's role claim is not valid: " + e.getMessage());
        }
        Claim user = t.getClaim("user");
        Claim collections = t.getClaim("collections");
        Set<String> bound = null;
        if (!collections.isMissing() && !collections.isNull()) {
            List<String> list = collections.asList(String.class);
            if (list == null || list.isEmpty()) {
                throw unauthorized(ctx, "the token's 'collections' claim must be a non-empty array of names");
            }
            bound = new LinkedHashSet<>(list);
        }
        String subject = t.getSubject() == null ? "token" : "token " + t.getSubject();
        return new Principal(subject, r, user.isMissing() || user.isNull() ? null : user.asString(), bound);
    }

    private static ApiProblem unauthorized(Context ctx, String detail) {
        ctx.header("WWW-Authenticate", "Bearer realm=\"lumos\"");
        return new ApiProblem(401, "Unauthorized", detail);
    }
}
