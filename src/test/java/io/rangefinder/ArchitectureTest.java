package io.rangefinder;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.library.Architectures.LayeredArchitecture;
import io.rangefinder.engine.RangeEngineConfig;
import io.rangefinder.storage.StoreFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.belongToAnyOf;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The layering of the whole code base, as rules: core → storage (API, connection config, shared
 * backend machinery, backends, the factory) → engine and loader → bench → cli and app; only
 * io.rangefinder.app may use JavaFX, and the app's features depend on each other in one direction.
 */
class ArchitectureTest {

    private static final String CORE = "Core";
    private static final String STORE_API = "Store API";
    private static final String STORE_CONFIG = "Connection config";
    private static final String STORE_INTERNAL = "Backend machinery";
    private static final String STORES = "Store backends";
    private static final String STORE_FACTORY = "Store factory";
    private static final String ENGINE = "Engine";
    private static final String LOADER = "Loader";
    private static final String BENCH = "Bench";
    private static final String CLUSTER = "Cluster";
    private static final String CLI = "CLI";
    private static final String APP = "App";
    private static final String MAIN = "Main";

    private static JavaClasses production;

    @BeforeAll
    static void importProductionClasses() {
        production = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("io.rangefinder");
    }

    static LayeredArchitecture layers() {
        DescribedPredicate<JavaClass> factory = belongToAnyOf(StoreFactory.class);
        return layeredArchitecture().consideringOnlyDependenciesInLayers()
                .withOptionalLayers(true) // theRuleHasSomethingToBite checks that the layers have classes
                .layer(CORE).definedBy("io.rangefinder.core..")
                .layer(STORE_API).definedBy(resideInAPackage("io.rangefinder.storage").and(DescribedPredicate.not(factory))
                        .as("io.rangefinder.storage but StoreFactory"))
                .layer(STORE_CONFIG).definedBy("io.rangefinder.storage.config..")
                .layer(STORE_INTERNAL).definedBy("io.rangefinder.storage.internal..")
                .layer(STORES).definedBy(resideInAnyPackage("io.rangefinder.storage.file..", "io.rangefinder.storage.s3..",
                        "io.rangefinder.storage.azure..", "io.rangefinder.storage.gcs..").as("the four backends"))
                .layer(STORE_FACTORY).definedBy(factory)
                .layer(ENGINE).definedBy("io.rangefinder.engine..")
                .layer(LOADER).definedBy("io.rangefinder.loader..")
                .layer(BENCH).definedBy("io.rangefinder.bench..")
                .layer(CLUSTER).definedBy("io.rangefinder.cluster..")
                .layer(CLI).definedBy("io.rangefinder.cli..")
                .layer(APP).definedBy("io.rangefinder.app..")
                .layer(MAIN).definedBy(belongToAnyOf(Main.class))
                .whereLayer(CORE).mayNotAccessAnyLayer()
                .whereLayer(STORE_API).mayOnlyAccessLayers(CORE)
                .whereLayer(STORE_CONFIG).mayOnlyAccessLayers(CORE, STORE_API)
                .whereLayer(STORE_INTERNAL).mayOnlyAccessLayers(CORE, STORE_API, STORE_CONFIG)
                .whereLayer(STORES).mayOnlyAccessLayers(CORE, STORE_API, STORE_CONFIG, STORE_INTERNAL)
                .whereLayer(STORE_FACTORY).mayOnlyAccessLayers(CORE, STORE_API, STORE_CONFIG, STORES)
                .whereLayer(ENGINE).mayOnlyAccessLayers(CORE, STORE_API)
                .whereLayer(LOADER).mayOnlyAccessLayers(CORE, STORE_API)
                .whereLayer(BENCH).mayOnlyAccessLayers(CORE, STORE_API, STORE_CONFIG, STORE_FACTORY, ENGINE, LOADER)
                // many workers as one run: meets and merges through the store API, knows no backend
                .whereLayer(CLUSTER).mayOnlyAccessLayers(CORE, STORE_API, STORE_CONFIG, BENCH)
                .whereLayer(CLI).mayOnlyAccessLayers(CORE, STORE_API, STORE_CONFIG, STORE_FACTORY, ENGINE, LOADER, BENCH, CLUSTER)
                .whereLayer(APP).mayOnlyAccessLayers(CORE, STORE_API, STORE_CONFIG, STORE_FACTORY, ENGINE, LOADER, BENCH, CLUSTER)
                .whereLayer(STORES).mayOnlyBeAccessedByLayers(STORE_FACTORY, MAIN)
                .whereLayer(MAIN).mayNotBeAccessedByAnyLayer();
    }

    /** Inside the app: shared plumbing at the bottom, each feature above it, the window on top. */
    static LayeredArchitecture appFeatures() {
        return layeredArchitecture().consideringOnlyDependenciesInLayers()
                .layer("Window").definedBy("io.rangefinder.app")
                .layer("Connections").definedBy("io.rangefinder.app.connections..")
                .layer("Explorer").definedBy("io.rangefinder.app.explorer..")
                .layer("Transfers").definedBy("io.rangefinder.app.transfers..")
                .layer("Lab").definedBy("io.rangefinder.app.lab..")
                .layer("Common").definedBy("io.rangefinder.app.common..")
                .whereLayer("Window").mayNotBeAccessedByAnyLayer()
                .whereLayer("Connections").mayOnlyBeAccessedByLayers("Window")
                .whereLayer("Explorer").mayOnlyBeAccessedByLayers("Window", "Connections")
                .whereLayer("Transfers").mayOnlyBeAccessedByLayers("Window", "Explorer")
                .whereLayer("Lab").mayOnlyBeAccessedByLayers("Window")
                .whereLayer("Common").mayNotAccessAnyLayer();
    }

    @Test
    void everyLayerUsesOnlyTheLayersBelowIt() {
        layers().because("the stores know nothing of the engine, and only the factory knows the backends")
                .check(production);
    }

    @Test
    void theAppsFeaturesDependOnEachOtherInOneDirection() {
        appFeatures().check(production);
    }

    @Test
    void noBackendKnowsAnother() {
        slices().matching("io.rangefinder.storage.(file|s3|azure|gcs)..").should().notDependOnEachOther()
                .check(production);
    }

    @Test
    void onlyTheAppPackageUsesJavaFx() {
        ArchRule rule = noClasses().that().resideOutsideOfPackage("io.rangefinder.app..")
                .should().dependOnClassesThat().resideInAnyPackage("javafx..")
                .because("the engine and the CLI must run without JavaFX");
        rule.check(production);
    }

    @Test
    void theLayerRulesBiteOnAStoreThatKnowsTheEngine() throws ClassNotFoundException {
        // a test-only class in a backend package that uses the engine: the rules must report it
        JavaClasses withViolation = new ClassFileImporter().importClasses(
                Class.forName("io.rangefinder.storage.file.EngineAwareStoreFixture"), RangeEngineConfig.class);
        assertThat(layers().evaluate(withViolation).getFailureReport().getDetails())
                .as("layer rule sees a store using the engine")
                .anySatisfy(line -> assertThat(line).contains("EngineAwareStoreFixture").contains("RangeEngineConfig"));
        assertThat(layers().evaluate(production).hasViolation()).as("production is clean").isFalse();
    }

    @Test
    void theRuleHasSomethingToBite() {
        // an empty or test-only import would pass the rules above vacuously
        assertThat(production.size()).as("imported production classes").isGreaterThanOrEqualTo(15);
        assertThat(production.contain(Main.class)).as("Main is imported").isTrue();
        assertThat(production.stream().filter(c -> c.getSourceCodeLocation().toString().contains("test-classes")))
                .as("no test classes imported").isEmpty();
        assertThat(production.stream()
                .filter(c -> c.getPackageName().startsWith("io.rangefinder.app"))
                .filter(ArchitectureTest::usesJavaFx)
                .map(JavaClass::getName))
                .as("app classes that use JavaFX (proof the rule would see a violation)")
                .contains("io.rangefinder.app.RangefinderApp", "io.rangefinder.app.explorer.ExplorerView");
        assertThat(production.stream().filter(c -> !c.getPackageName().startsWith("io.rangefinder.app")))
                .as("classes the rule guards").hasSizeGreaterThanOrEqualTo(8);
        for (String pkg : new String[] {"core", "storage", "storage.config", "storage.file", "storage.s3", "storage.azure",
                "storage.gcs", "engine", "loader", "bench", "cluster", "cli", "app", "app.common", "app.explorer", "app.connections",
                "app.transfers", "app.lab"}) {
            assertThat(production.stream().anyMatch(c -> c.getPackageName().equals("io.rangefinder." + pkg)))
                    .as("layer package io.rangefinder.%s has classes", pkg).isTrue();
        }
    }

    private static boolean usesJavaFx(JavaClass c) {
        return c.getDirectDependenciesFromSelf().stream()
                .anyMatch(d -> d.getTargetClass().getPackageName().startsWith("javafx"));
    }
}
