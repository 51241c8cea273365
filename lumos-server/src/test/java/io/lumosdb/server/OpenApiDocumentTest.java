package io.lumosdb.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.parser.OpenAPIV3Parser;
import io.swagger.v3.parser.core.models.SwaggerParseResult;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** The served OpenAPI document is valid 3.1 and names exactly the routes the server registered: it cannot drift. */
class OpenApiDocumentTest {
    @Test
    void document_isValidAndMatchesTheRegisteredRoutes() throws Exception {
        try (LiveServer s = LiveServer.start()) {
            LiveServer.Answer a = s.get("/v1/openapi.json", null).expect(200);
            SwaggerParseResult parsed = new OpenAPIV3Parser().readContents(a.body());
            assertTrue(parsed.getMessages().isEmpty(), () -> "OpenAPI problems: " + parsed.getMessages());
            OpenAPI api = parsed.getOpenAPI();
            assertEquals("3.1.0", api.getOpenapi());
            Set<String> documented = new TreeSet<>();
            api.getPaths().forEach((path, item) -> item.readOperationsMap().forEach((method, op) -> {
                documented.add(method.name().toUpperCase(Locale.ROOT) + " " + path);
                assertTrue(op.getResponses().keySet().stream().anyMatch(c -> c.startsWith("2")), () -> method + " " + path + " has no success");
            }));
            Set<String> registered = new TreeSet<>(s.server.registeredRoutes());
            assertEquals(registered, documented);
        }
    }
}
