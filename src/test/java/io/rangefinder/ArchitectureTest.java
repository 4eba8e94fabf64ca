package io.rangefinder;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

/** Only io.rangefinder.app may use JavaFX, so the engine, the CLI and tests run without it. */
class ArchitectureTest {

    private static JavaClasses production;

    @BeforeAll
    static void importProductionClasses() {
        production = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("io.rangefinder");
    }

    @Test
    void onlyTheAppPackageUsesJavaFx() {
        ArchRule rule = noClasses().that().resideOutsideOfPackage("io.rangefinder.app..")
                .should().dependOnClassesThat().resideInAnyPackage("javafx..")
                .because("the engine and the CLI must run without JavaFX");
        rule.check(production);
    }

    @Test
    void theRuleHasSomethingToBite() {
        // an empty or test-only import would pass the rule above vacuously
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
    }

    private static boolean usesJavaFx(JavaClass c) {
        return c.getDirectDependenciesFromSelf().stream()
                .anyMatch(d -> d.getTargetClass().getPackageName().startsWith("javafx"));
    }
}
