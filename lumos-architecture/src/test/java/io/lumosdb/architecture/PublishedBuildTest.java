package io.lumosdb.architecture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The build as users receive it: every module of the reactor is either published (and then listed in
 * {@code lumos-bom} and carrying an {@code Automatic-Module-Name}) or says it is not
 * ({@code lumos.publish.skip}); the licence and the change log are at the root.
 */
class PublishedBuildTest {
    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

    @Test
    void everyPublishedModuleIsInTheBomWithAModuleName() throws IOException {
        String root = Files.readString(ROOT.resolve("pom.xml"));
        String bom = Files.readString(ROOT.resolve("lumos-bom/pom.xml"));
        TreeSet<String> published = new TreeSet<>();
        for (String module : all(root, "<module>([^<]+)</module>")) {
            if (module.equals("lumos-bom")) {
                continue;
            }
            String pom = Files.readString(ROOT.resolve(module).resolve("pom.xml"));
            if (pom.contains("<lumos.publish.skip>true</lumos.publish.skip>")) {
                continue;
            }
            published.add(module);
            assertTrue(pom.contains("<module.name>io.lumosdb"), module + " names its Automatic-Module-Name (module.name)");
        }
        TreeSet<String> inBom = new TreeSet<>(all(bom, "<artifactId>(lumos-[^<]+)</artifactId>"));
        inBom.remove("lumos-bom");
        assertEquals(published, inBom, "lumos-bom lists exactly the published modules");
    }

    @Test
    void licenceAndChangeLogAreAtTheRoot() throws IOException {
        assertTrue(Files.readString(ROOT.resolve("LICENSE")).contains("Apache License"), "LICENSE holds the Apache License text");
        assertTrue(Files.readString(ROOT.resolve("CHANGELOG.md")).startsWith("# Changelog"), "CHANGELOG.md");
        String root = Files.readString(ROOT.resolve("pom.xml"));
        for (String element : List.of("<licenses>", "<scm>", "<url>", "<developers>", "<project.build.outputTimestamp>")) {
            assertTrue(root.contains(element), "the parent pom has " + element);
        }
    }

    private static List<String> all(String text, String regex) {
        List<String> out = new ArrayList<>();
        Matcher m = Pattern.compile(regex).matcher(text);
        while (m.find()) {
            out.add(m.group(1));
        }
        return out;
    }
}
