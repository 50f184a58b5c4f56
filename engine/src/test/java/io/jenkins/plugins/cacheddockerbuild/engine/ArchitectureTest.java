package io.jenkins.plugins.cacheddockerbuild.engine;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The package rules of the engine, checked on its compiled main classes. */
class ArchitectureTest {
    private static final String ENGINE = "io.jenkins.plugins.cacheddockerbuild.engine";
    private static JavaClasses engine;

    @BeforeAll
    static void importEngine() {
        engine = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages(ENGINE);
    }

    @Test
    void importedTheEngine() {
        // guards the rules below against passing vacuously
        org.assertj.core.api.Assertions.assertThat(engine.containPackage(ENGINE + ".api")).isTrue();
        org.assertj.core.api.Assertions.assertThat(engine.containPackage(ENGINE + ".build")).isTrue();
    }

    @Test
    void theEngineKnowsNothingOfJenkins() {
        noClasses().should().dependOnClassesThat()
                .resideInAnyPackage("hudson..", "jenkins..", "org.kohsuke..", "org.jenkinsci..")
                .because("the engine is a Jenkins-free library; the plugin is an adapter over it")
                .check(engine);
    }

    @Test
    void theApiDependsOnlyOnTheJdkAndItself() {
        classes().that().resideInAPackage(ENGINE + ".api..")
                .should().onlyDependOnClassesThat().resideInAnyPackage("java..", ENGINE + ".api..")
                .because("front ends depend on the api without dragging anything else in")
                .check(engine);
    }

    @Test
    void theEngineNeverPrints() {
        noClasses().should().accessField(System.class, "out")
                .orShould().accessField(System.class, "err")
                .orShould().callMethod(Throwable.class, "printStackTrace")
                .because("the engine emits events and each front end renders them")
                .check(engine);
    }

    @Test
    void parsersAndCacheAndDockerDoNotDependOnTheOrchestration() {
        noClasses().that().resideInAnyPackage(ENGINE + ".dockerfile..", ENGINE + ".output..", ENGINE + ".cache..",
                        ENGINE + ".docker..")
                .should().dependOnClassesThat().resideInAPackage(ENGINE + ".build..")
                .check(engine);
    }

    @Test
    void onlyTheFacadeKnowsTheLocalImplementations() {
        noClasses().that().resideOutsideOfPackages(ENGINE, ENGINE + ".local..")
                .should().dependOnClassesThat().resideInAPackage(ENGINE + ".local..")
                .because("everything else reaches docker and files through the api ports; the cli may use local")
                .check(engine);
    }
}
