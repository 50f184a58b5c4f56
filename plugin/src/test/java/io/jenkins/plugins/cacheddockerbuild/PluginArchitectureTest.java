package io.jenkins.plugins.cacheddockerbuild;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import io.jenkins.plugins.util.PluginArchitectureRules;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * plugin-util-api's rules for every Jenkins plugin: validation and list endpoints are {@code @POST} and check
 * permissions themselves, data-bound classes are public, no {@code Jenkins.get()} outside a facade, no
 * forbidden packages.
 */
class PluginArchitectureTest {
    private static final JavaClasses PLUGIN = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.jenkins.plugins.cacheddockerbuild");

    @Test
    void followsPluginArchitectureRules() {
        for (ArchRule rule : List.of(PluginArchitectureRules.NO_JENKINS_INSTANCE_CALL,
                PluginArchitectureRules.NO_FORBIDDEN_PACKAGE_ACCESSED,
                PluginArchitectureRules.AJAX_PROXY_METHOD_MUST_BE_IN_PUBLIC_CLASS,
                PluginArchitectureRules.DATA_BOUND_CONSTRUCTOR_MUST_BE_IN_PUBLIC_CLASS,
                PluginArchitectureRules.DATA_BOUND_SETTER_MUST_BE_IN_PUBLIC_CLASS,
                PluginArchitectureRules.USE_POST_FOR_VALIDATION_END_POINTS,
                PluginArchitectureRules.USE_POST_FOR_LIST_AND_COMBOBOX_FILL)) {
            rule.check(PLUGIN);
        }
    }
}
