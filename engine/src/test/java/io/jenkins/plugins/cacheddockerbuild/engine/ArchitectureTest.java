package io.jenkins.plugins.cacheddockerbuild.engine;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.Dependency;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaMethodCall;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import io.jenkins.plugins.cacheddockerbuild.engine.docker.DockerCli;
import io.jenkins.plugins.cacheddockerbuild.engine.output.BuildOutputParser;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The package rules of the engine, checked on its compiled main classes. */
class ArchitectureTest {
    private static final String ENGINE = "io.jenkins.plugins.cacheddockerbuild.engine";
    private static final String STEP_TYPE = ENGINE + ".steps.Step";
    private static final DescribedPredicate<JavaClass> STEP = new DescribedPredicate<>("a step") {
        @Override
        public boolean test(JavaClass type) {
            return !type.isInterface() && type.isAssignableTo(STEP_TYPE);
        }
    };
    /** Every {@code DockerCli} call that builds, moves or names an image. */
    private static final Set<String> BUILDER_CALLS = Set.of("build", "pull", "push", "tag", "untag", "manifestInspect",
            "save", "load", "imageId", "digestsAndLayers", "tagsOf", "version", "buildxVersion");
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
        org.assertj.core.api.Assertions.assertThat(engine.containPackage(ENGINE + ".steps")).isTrue();
        org.assertj.core.api.Assertions.assertThat(engine.containPackage(ENGINE + ".backend")).isTrue();
        org.assertj.core.api.Assertions.assertThat(engine.stream().filter(STEP::test).count()).isGreaterThan(10);
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
                .should().dependOnClassesThat().resideInAnyPackage(ENGINE + ".steps..", ENGINE + ".backend..")
                .check(engine);
    }

    @Test
    void packagesHaveNoCycles() {
        slices().matching(ENGINE + ".(*)..").should().beFreeOfCycles().check(engine);
    }

    @Test
    void jsonIsReadAndWrittenOnlyThroughJacksonJrInTheJsonPackage() {
        noClasses().that().resideOutsideOfPackage(ENGINE + ".json..")
                .should().dependOnClassesThat().resideInAnyPackage("com.fasterxml.jackson..")
                .because("one JSON library, configured once (strict reading, the report's layout)")
                .check(engine);
    }

    @Test
    void onlyTheFacadeKnowsTheLocalImplementations() {
        noClasses().that().resideOutsideOfPackages(ENGINE, ENGINE + ".local..")
                .should().dependOnClassesThat().resideInAPackage(ENGINE + ".local..")
                .because("everything else reaches docker and files through the api ports; the cli may use local")
                .check(engine);
    }

    @Test
    void noStepDependsOnAnotherStep() {
        classes().that(STEP).should(new ArchCondition<>("depend on no other step") {
            @Override
            public void check(JavaClass step, ConditionEvents events) {
                for (Dependency dependency : step.getDirectDependenciesFromSelf()) {
                    JavaClass target = outermost(dependency.getTargetClass());
                    if (!target.equals(outermost(step)) && STEP.test(target)) {
                        events.add(SimpleConditionEvent.violated(dependency, dependency.getDescription()));
                    }
                }
            }
        }).because("only the orchestrator hands one step's result to the next (Jib's StepsRunner)").check(engine);
    }

    @Test
    void theBackendPortIsTheOnlyWayToABuilder() {
        noClasses().that().resideOutsideOfPackages(ENGINE + ".backend..", ENGINE + ".docker..")
                .should().callMethodWhere(new DescribedPredicate<>("a DockerCli call that builds, moves or names an image") {
                    @Override
                    public boolean test(JavaMethodCall call) {
                        return call.getTargetOwner().isEquivalentTo(DockerCli.class)
                                && BUILDER_CALLS.contains(call.getName());
                    }
                })
                .because("every builder is reached through engine.backend.BuilderBackend, so a new builder is a new "
                        + "implementation and not a change to the orchestration")
                .check(engine);
        noClasses().that().resideOutsideOfPackages(ENGINE + ".backend..", ENGINE + ".output..")
                .should().dependOnClassesThat(new DescribedPredicate<>("a build output parser implementation") {
                    @Override
                    public boolean test(JavaClass type) {
                        return !type.isInterface() && type.isAssignableTo(BuildOutputParser.class);
                    }
                })
                .because("which parser reads a build's output is the backend's choice")
                .check(engine);
    }

    @Test
    void packagesFollowTheDiagramInArchitectureMd() {
        layeredArchitecture().consideringOnlyDependenciesInLayers()
                .layer("facade").definedBy(ENGINE)
                .layer("steps").definedBy(ENGINE + ".steps..")
                .layer("backend").definedBy(ENGINE + ".backend..")
                .layer("credentials").definedBy(ENGINE + ".credentials..")
                .layer("docker").definedBy(ENGINE + ".docker..")
                .layer("buildah").definedBy(ENGINE + ".buildah..")
                .layer("output").definedBy(ENGINE + ".output..")
                .layer("dockerfile").definedBy(ENGINE + ".dockerfile..")
                .layer("cachedir").definedBy(ENGINE + ".cachedir..")
                .layer("cache").definedBy(ENGINE + ".cache")
                .layer("html").definedBy(ENGINE + ".html..")
                .layer("analysis").definedBy(ENGINE + ".analysis..")
                .layer("report").definedBy(ENGINE + ".report..")
                .layer("local").definedBy(ENGINE + ".local..")
                .layer("ci").definedBy(ENGINE + ".ci..")
                .layer("json").definedBy(ENGINE + ".json..")
                .layer("api").definedBy(ENGINE + ".api..")
                .whereLayer("facade").mayNotBeAccessedByAnyLayer()
                .whereLayer("steps").mayOnlyBeAccessedByLayers("facade")
                .whereLayer("backend").mayOnlyBeAccessedByLayers("steps")
                .whereLayer("credentials").mayOnlyBeAccessedByLayers("steps", "backend")
                .whereLayer("buildah").mayOnlyBeAccessedByLayers("backend", "credentials")
                .whereLayer("docker").mayOnlyBeAccessedByLayers("steps", "backend", "credentials")
                .whereLayer("output").mayOnlyBeAccessedByLayers("steps", "backend")
                .whereLayer("dockerfile").mayOnlyBeAccessedByLayers("steps", "backend", "output")
                .whereLayer("cachedir").mayOnlyBeAccessedByLayers("steps")
                .whereLayer("cache").mayOnlyBeAccessedByLayers("steps", "cachedir", "docker", "buildah")
                .whereLayer("html").mayNotBeAccessedByAnyLayer()
                .whereLayer("analysis").mayOnlyBeAccessedByLayers("html")
                .whereLayer("report").mayOnlyBeAccessedByLayers("analysis", "html")
                .whereLayer("local").mayOnlyBeAccessedByLayers("facade")
                .whereLayer("ci").mayNotBeAccessedByAnyLayer()
                .whereLayer("json").mayOnlyBeAccessedByLayers("report", "docker", "credentials", "backend", "output")
                .because("docs/architecture.md draws these arrows; a new arrow is a design change to make there first")
                .check(engine);
    }

    private static JavaClass outermost(JavaClass type) {
        JavaClass outer = type;
        while (outer.getEnclosingClass().isPresent()) {
            outer = outer.getEnclosingClass().get();
        }
        return outer;
    }
}
