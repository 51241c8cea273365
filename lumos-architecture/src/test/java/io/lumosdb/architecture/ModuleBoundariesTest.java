package io.lumosdb.architecture;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.methods;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.library.GeneralCodingRules;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The module structure of docs/architecture.md, checked on the compiled classes of every module: a
 * lower module never uses a higher one, a module's internal packages are used only inside it, the
 * public API does not hand out the cache library's types, and library code neither writes to the
 * standard streams nor deserializes Java objects.
 *
 * <p>Modules by package: sync {@code io.lumosdb.sync}, cache {@code io.lumosdb.cache}, vector
 * {@code io.lumosdb.vector}, core {@code io.lumosdb} with its internal {@code engine} and {@code route},
 * memory {@code io.lumosdb.memory} (the embedder in {@code .minilm}), server {@code io.lumosdb.server}, cluster
 * {@code io.lumosdb.cluster} (on the public API of core and server), client
 * {@code io.lumosdb.client} (on the JDK and Jackson only), jdbc {@code io.lumosdb.jdbc} (the JDBC driver, on core's API),
 * spring {@code io.lumosdb.spring} (the Spring Boot starter and Spring AI store, on the driver's and core's API),
 * tpch, cli, bench.
 */
class ModuleBoundariesTest {
    private static JavaClasses classes;

    @BeforeAll
    static void importClasses() {
        classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS).importPackages("io.lumosdb");
    }

    @Test
    void lowerModulesNeverUseHigherOnes() {
        ArchRule layers = layeredArchitecture().consideringOnlyDependenciesInLayers()
                .layer("sync").definedBy("io.lumosdb.sync..")
                .layer("cache").definedBy("io.lumosdb.cache..")
                .layer("vector").definedBy("io.lumosdb.vector..")
                .layer("core").definedBy("io.lumosdb", "io.lumosdb.engine..", "io.lumosdb.route..")
                .layer("memory").definedBy("io.lumosdb.memory..")
                .layer("server").definedBy("io.lumosdb.server..")
                .layer("cluster").definedBy("io.lumosdb.cluster..")
                .layer("client").definedBy("io.lumosdb.client..")
                .layer("jdbc").definedBy("io.lumosdb.jdbc..")
                .layer("spring").definedBy("io.lumosdb.spring..")
                .layer("tpch").definedBy("io.lumosdb.tpch..")
                .layer("cli").definedBy("io.lumosdb.cli..")
                .layer("bench").definedBy("io.lumosdb.bench..")
                .whereLayer("bench").mayNotBeAccessedByAnyLayer()
                .whereLayer("cli").mayNotBeAccessedByAnyLayer()
                .whereLayer("client").mayOnlyBeAccessedByLayers("bench")
                .whereLayer("spring").mayNotBeAccessedByAnyLayer()
                .whereLayer("jdbc").mayOnlyBeAccessedByLayers("spring", "bench")
                .whereLayer("tpch").mayOnlyBeAccessedByLayers("cli", "bench")
                .whereLayer("cluster").mayOnlyBeAccessedByLayers("cli", "bench")
                .whereLayer("server").mayOnlyBeAccessedByLayers("cluster", "cli", "bench")
                .whereLayer("memory").mayOnlyBeAccessedByLayers("server", "cluster", "cli", "bench")
                .whereLayer("core").mayOnlyBeAccessedByLayers("memory", "server", "cluster", "jdbc", "spring", "tpch", "cli", "bench")
                .whereLayer("sync").mayOnlyBeAccessedByLayers("core", "memory", "server", "cluster", "spring", "tpch", "cli", "bench")
                .whereLayer("cache").mayOnlyBeAccessedByLayers("core", "memory", "server", "cluster", "jdbc", "spring", "tpch", "cli", "bench")
                .whereLayer("vector").mayOnlyBeAccessedByLayers("core", "memory", "server", "cluster", "spring", "tpch", "cli", "bench");
        layers.check(classes);
    }

    @Test
    void syncCacheAndVectorKnowNothingOfEachOther() {
        noClasses().that().resideInAPackage("io.lumosdb.sync..")
                .should().dependOnClassesThat().resideInAnyPackage("io.lumosdb.cache..", "io.lumosdb.vector..").check(classes);
        noClasses().that().resideInAPackage("io.lumosdb.cache..")
                .should().dependOnClassesThat().resideInAnyPackage("io.lumosdb.sync..", "io.lumosdb.vector..").check(classes);
        noClasses().that().resideInAPackage("io.lumosdb.vector..")
                .should().dependOnClassesThat().resideInAnyPackage("io.lumosdb.sync..", "io.lumosdb.cache..").check(classes);
    }

    @Test
    void coresInternalPackagesAreUsedOnlyInsideCore() {
        noClasses().that(not(resideInAnyPackage("io.lumosdb", "io.lumosdb.engine..", "io.lumosdb.route..")))
                .should().dependOnClassesThat().resideInAnyPackage("io.lumosdb.engine..", "io.lumosdb.route..")
                .because("engine and route are core's implementation; other modules use the API in io.lumosdb")
                .check(classes);
    }

    @Test
    void theClusterUsesOnlyThePublicApiOfTheModulesBelow() {
        // package-private types of io.lumosdb, io.lumosdb.server, io.lumosdb.vector and io.lumosdb.memory are out
        // of reach of another package anyway; vector collections and memories replicate through the log as the
        // public types of those modules (VectorRecord, VectorSpec, Memory, Message, AgentMemory)
        noClasses().that().resideInAPackage("io.lumosdb.cluster..").should().dependOnClassesThat().resideInAnyPackage(
                        "io.lumosdb.engine..", "io.lumosdb.route..", "io.lumosdb.sync..", "io.lumosdb.cache..",
                        "io.lumosdb.memory.langchain4j..", "io.lumosdb.client..", "org.sqlite..", "org.duckdb..")
                .because("lumos-cluster sits on the public API of lumos-core, lumos-server, lumos-vector and lumos-memory"
                        + " (docs/cluster.md)")
                .check(classes);
    }

    @Test
    void theClientIsLight_theJdkAndJacksonOnly() {
        classes().that().resideInAPackage("io.lumosdb.client..")
                .should().onlyDependOnClassesThat().resideInAnyPackage("io.lumosdb.client..", "java..", "com.fasterxml.jackson..")
                .because("a client is light: it talks HTTP to the server and never loads the database (lumos-core, engines)")
                .check(classes);
    }

    @Test
    void inTheLibrary_onlyTheTelemetrySeamsNameMicrometerOrOpenTelemetry() {
        String[] modules = {"io.lumosdb", "io.lumosdb.engine..", "io.lumosdb.route..", "io.lumosdb.sync..", "io.lumosdb.cache..",
            "io.lumosdb.vector..", "io.lumosdb.memory.."};
        noClasses().that().resideInAnyPackage(modules)
                .and().haveNameNotMatching("io\\.lumosdb\\.(MicrometerTelemetry|PrometheusReads|LumosMetrics|memory\\.MicrometerMemoryTelemetry)(\\$.*)?")
                .should().dependOnClassesThat().resideInAPackage("io.micrometer..")
                .because("Micrometer is optional: only the classes loaded when a registry was given may name it (docs/observability.md)")
                .check(classes);
        noClasses().that().resideInAnyPackage(modules)
                .and().haveNameNotMatching("io\\.lumosdb\\.(OtelTelemetry|LumosTracing)(\\$.*)?")
                .should().dependOnClassesThat().resideInAPackage("io.opentelemetry..")
                .because("OpenTelemetry is optional: only the classes loaded when tracing was asked for may name it")
                .check(classes);
    }

    @Test
    void theServerFindsItsEmbedderOnlyThroughTheMemoryApi() {
        noClasses().that().resideInAPackage("io.lumosdb.server..")
                .should().dependOnClassesThat().resideInAPackage("io.lumosdb.memory.minilm..")
                .because("the default embedder is found by ServiceLoader (Embedder.byDefault), so another can replace it")
                .check(classes);
    }

    @Test
    void theDriverAndTheStarter_useOnlyTheApiOfTheModulesBelow() {
        noClasses().that().resideInAnyPackage("io.lumosdb.jdbc..", "io.lumosdb.spring..")
                .should().dependOnClassesThat().resideInAnyPackage("io.lumosdb.engine..", "io.lumosdb.route..",
                        "io.lumosdb.server..", "io.lumosdb.memory..", "io.lumosdb.cli..")
                .because("the JDBC driver and the Spring starter sit on the facade (io.lumosdb.LumosDB) like any application")
                .check(classes);
        noClasses().that().resideInAPackage("io.lumosdb.jdbc..")
                .should().dependOnClassesThat().resideInAPackage("org.springframework..")
                .because("the driver is plain JDBC; Spring is the starter's").check(classes);
    }

    @Test
    void thePublicApiHandsOutNoCacheLibraryTypes() {
        methods().that().arePublic().and().areDeclaredInClassesThat().arePublic()
                .and().areDeclaredInClassesThat().resideInAnyPackage("io.lumosdb", "io.lumosdb.cache..", "io.lumosdb.sync..",
                        "io.lumosdb.vector..", "io.lumosdb.memory..", "io.lumosdb.server..", "io.lumosdb.client..", "io.lumosdb.jdbc..",
                        "io.lumosdb.spring..")
                .should().notHaveRawReturnType(resideInAPackage("com.github.benmanes.."))
                .andShould().notHaveRawParameterTypes(com.tngtech.archunit.base.DescribedPredicate.anyElementThat(
                        resideInAPackage("com.github.benmanes..")))
                .check(classes);
    }

    @Test
    void libraryCodeWritesNoStandardStreams() {
        noClasses().that().resideOutsideOfPackages("io.lumosdb.cli..", "io.lumosdb.bench..")
                .should(GeneralCodingRules.ACCESS_STANDARD_STREAMS)
                .because("library code logs through SLF4J").check(classes);
    }

    @Test
    void nothingDeserializesJavaObjects() {
        noClasses().should().dependOnClassesThat().haveFullyQualifiedName("java.io.ObjectInputStream")
                .because("a file a user could replace must never be Java-deserialized").check(classes);
    }
}
