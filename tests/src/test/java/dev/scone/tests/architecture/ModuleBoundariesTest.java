package dev.scone.tests.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Keeps the module boundaries the architecture relies on. */
class ModuleBoundariesTest {

    private static JavaClasses sconeClasses;

    @BeforeAll
    static void importClasses() {
        sconeClasses =
                new ClassFileImporter()
                        .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                        .importPackages("dev.scone");
    }

    @Test
    void modelIsFreeOfFlink() {
        noClasses()
                .that()
                .resideInAPackage("dev.scone.model..")
                .should()
                .dependOnClassesThat()
                .resideInAPackage("org.apache.flink..")
                .because("the model must run in any JVM: offline tools, tests, other servers")
                .check(sconeClasses);
    }

    @Test
    void modelAndSchemasDoNotReachIntoJobsOrTheCommandLine() {
        noClasses()
                .that()
                .resideInAnyPackage("dev.scone.model..", "dev.scone.schemas..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("dev.scone.flink..", "dev.scone.cli..", "dev.scone.kafka..")
                .check(sconeClasses);
    }

    @Test
    void operatorsDoNotDependOnTheCommandLine() {
        noClasses()
                .that()
                .resideInAPackage("dev.scone.flink..")
                .should()
                .dependOnClassesThat()
                .resideInAPackage("dev.scone.cli..")
                .because("jobs are assembled from typed configuration, not from CLI parsing")
                .check(sconeClasses);
    }

    @Test
    void operatorsAndJobsAreFreeOfPicocli() {
        noClasses()
                .that()
                .resideInAnyPackage("dev.scone.flink..", "dev.scone.kafka..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("picocli..", "dev.scone.cluster..")
                .because(
                        "operators get the typed settings record of their own stage; options are"
                                + " parsed once, at the entry points")
                .check(sconeClasses);
    }

    @Test
    void picocliStaysAtTheEntryPoints() {
        noClasses()
                .that()
                .resideOutsideOfPackages("dev.scone.cli..", "dev.scone.cluster")
                .should()
                .dependOnClassesThat()
                .resideInAPackage("picocli..")
                .because(
                        "the command line and the job jar's main class parse arguments; the jobs'"
                                + " operators, the model and the contract never do")
                .check(sconeClasses);
    }
}
