package io.jenkins.plugins.cacheddockerbuild;

import static org.assertj.core.api.Assertions.assertThat;

import hudson.model.FreeStyleProject;
import hudson.model.Item;
import hudson.util.FormValidation;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.htmlunit.Page;
import org.jenkinsci.plugins.docker.commons.credentials.DockerRegistryEndpoint;
import org.jenkinsci.plugins.docker.commons.tools.DockerTool;
import org.jenkinsci.plugins.workflow.cps.SnippetizerTester;
import org.jenkinsci.plugins.workflow.steps.CoreStep;
import org.jenkinsci.plugins.workflow.steps.StepConfigTester;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.junit.jupiter.WithJenkins;

/**
 * The one shared form, for the Pipeline step and the freestyle builder: every field survives a trip through
 * the configuration page (including both registry endpoints and the two dropdowns), unchecked registry blocks
 * stay unset, the Snippet Generator writes and reads both back, and validation speaks the engine's rules.
 */
@WithJenkins
class ConfigurationFormTest {
    private static final String TOOL = "docker-26";
    private JenkinsRule r;

    @BeforeEach
    void setUp(JenkinsRule rule) {
        r = rule;
        r.jenkins.getDescriptorByType(DockerTool.DescriptorImpl.class)
                .setInstallations(new DockerTool(TOOL, "/opt/docker-26", List.of()));
    }

    @Test
    void stepKeepsEveryFieldThroughTheForm() throws Exception {
        CachedDockerBuildStep step = fill(new CachedDockerBuildStep("registry.example.com/team/app"));

        CachedDockerBuildStep after = new StepConfigTester(r).configRoundTrip(step);

        r.assertEqualDataBoundBeans(step, after);
        assertThat(after.getRegistry().getCredentialsId()).isEqualTo("registry-login");
        assertThat(after.getCacheRegistry().getUrl()).isEqualTo("https://cache.example.com");
    }

    @Test
    void builderKeepsEveryFieldThroughTheForm() throws Exception {
        CachedDockerBuilder builder = fill(new CachedDockerBuilder("registry.example.com/team/app"));

        CachedDockerBuilder after = r.configRoundtrip(builder);

        r.assertEqualDataBoundBeans(builder, after);
        assertThat(after.getRegistry().getCredentialsId()).isEqualTo("registry-login");
        assertThat(after.getCacheRegistry().getUrl()).isEqualTo("https://cache.example.com");
    }

    @Test
    void stepWithoutRegistriesKeepsThemUnset() throws Exception {
        CachedDockerBuildStep after = new StepConfigTester(r).configRoundTrip(
                new CachedDockerBuildStep("registry.example.com/team/app"));

        assertThat(after.getRegistry()).isNull();
        assertThat(after.getCacheRegistry()).isNull();
        assertThat(after.isPush()).isTrue();
        assertThat(after.getBuilder()).isEqualTo("auto");
    }

    @Test
    void builderWithoutRegistriesKeepsThemUnset() throws Exception {
        CachedDockerBuilder after = r.configRoundtrip(new CachedDockerBuilder("registry.example.com/team/app"));

        assertThat(after.getRegistry()).isNull();
        assertThat(after.getCacheRegistry()).isNull();
        assertThat(after.isPush()).isTrue();
        assertThat(after.getBuilder()).isEqualTo("auto");
    }

    @Test
    void snippetGeneratorWritesAndReadsTheStep() throws Exception {
        CachedDockerBuildStep step = new CachedDockerBuildStep("registry.example.com/team/app");
        step.setCacheRepo("registry.example.com/team/app-cache");
        step.setPush(false);
        step.setRegistry(new DockerRegistryEndpoint("https://registry.example.com", "registry-login"));

        new SnippetizerTester(r).assertRoundTrip(step, "cachedDockerBuild cacheRepo: "
                + "'registry.example.com/team/app-cache', image: 'registry.example.com/team/app', push: false, "
                + "registry: [credentialsId: 'registry-login', url: 'https://registry.example.com']");
    }

    @Test
    void theBuilderHasNoPipelineNameOfItsOwn() throws Exception {
        CachedDockerBuilder builder = new CachedDockerBuilder("registry.example.com/team/app");
        builder.setBranch("main");

        // One name for the feature: the builder's symbol is the step's function name, which the step answers.
        assertThat(org.jenkinsci.plugins.structs.SymbolLookup.getSymbolValue(CachedDockerBuilder.class))
                .containsExactly("cachedDockerBuild");
        assertThat(org.jenkinsci.plugins.workflow.cps.Snippetizer.object2Groovy(new CoreStep(builder)))
                .doesNotContain("cachedDockerBuilder").contains("branch: 'main'");
    }

    @Test
    void formValidationUsesTheEngineRules() throws Exception {
        FreeStyleProject project = r.createFreeStyleProject();
        CachedDockerBuildStep.DescriptorImpl step = r.jenkins.getDescriptorByType(CachedDockerBuildStep.DescriptorImpl.class);
        CachedDockerBuilder.DescriptorImpl builder = r.jenkins.getDescriptorByType(CachedDockerBuilder.DescriptorImpl.class);
        for (FormChecks checks : List.of(new FormChecks(step::doCheckImage, step::doCheckTags, step::doCheckBranch),
                new FormChecks(builder::doCheckImage, builder::doCheckTags, builder::doCheckBranch))) {
            assertThat(checks.image().check(project, "").kind).isEqualTo(FormValidation.Kind.ERROR);
            assertThat(checks.image().check(project, "Registry.Example.com/Team/App!").kind).isEqualTo(FormValidation.Kind.ERROR);
            assertThat(checks.image().check(project, "registry.example.com/team/app").kind).isEqualTo(FormValidation.Kind.OK);
            assertThat(checks.image().check(project, "${REGISTRY}/app").kind).isEqualTo(FormValidation.Kind.OK);
            assertThat(checks.tags().check(project, "1.4.0, latest").kind).isEqualTo(FormValidation.Kind.OK);
            assertThat(checks.tags().check(project, "1.4.0, not a tag").kind).isEqualTo(FormValidation.Kind.ERROR);
            FormValidation branch = checks.branch().check(project, "feature/Login");
            assertThat(branch.kind).isEqualTo(FormValidation.Kind.OK);
            assertThat(branch.getMessage()).contains("feature-login");
        }
    }

    @Test
    void everyFieldOfBothFormsHasItsHelp() throws Exception {
        FreeStyleProject project = r.createFreeStyleProject();
        project.getBuildersList().add(new CachedDockerBuilder("registry.example.com/team/app"));
        String stepHelp = r.contextPath + "/descriptor/" + CachedDockerBuildStep.class.getName() + "/help/";
        try (JenkinsRule.WebClient web = r.createWebClient()) {
            String form = web.getPage(project, "configure").getWebResponse().getContentAsString();
            for (String field : CachedDockerBuilder.DescriptorImpl.HELP_FIELDS) {
                assertThat(form).as("the builder's help link for " + field).contains("\"" + stepHelp + field + "\"");
                Page help = web.goTo("descriptor/" + CachedDockerBuildStep.class.getName() + "/help/" + field, null);
                assertThat(help.getWebResponse().getStatusCode()).as("help of " + field).isEqualTo(200);
                assertThat(help.getWebResponse().getContentAsString()).as("help of " + field).contains("<div>");
            }
        }
    }

    private interface Check {
        FormValidation check(Item item, String value);
    }

    private record FormChecks(Check image, Check tags, Check branch) {
    }

    /** Every field set to a value other than its default, so a field the form drops shows up as a difference. */
    private static <S extends CachedDockerBuildSettings> S fill(S settings) throws Exception {
        Map<String, Object> values = new LinkedHashMap<>();
        values.put("tags", "1.4.0, latest");
        values.put("branch", "release/1.4");
        values.put("fallbacks", "develop\nmain");
        values.put("cacheFrom", "registry.example.com/team/base:main");
        values.put("cacheRepo", "registry.example.com/team/app-cache");
        values.put("dockerfile", "docker/Dockerfile");
        values.put("context", "app");
        values.put("target", "runtime");
        values.put("buildArgs", "VERSION=1.4.0\nMODE=release");
        values.put("builder", "buildkit");
        values.put("push", false);
        values.put("cacheDir", "/mnt/docker-cache");
        values.put("registry", new DockerRegistryEndpoint("https://registry.example.com", "registry-login"));
        values.put("cacheRegistry", new DockerRegistryEndpoint("https://cache.example.com", "cache-login"));
        values.put("toolName", TOOL);
        for (Map.Entry<String, Object> field : values.entrySet()) {
            String name = field.getKey();
            Object value = field.getValue();
            Class<?> type = value instanceof Boolean ? boolean.class : value.getClass();
            settings.getClass().getMethod("set" + Character.toUpperCase(name.charAt(0)) + name.substring(1), type)
                    .invoke(settings, value);
        }
        return settings;
    }
}
