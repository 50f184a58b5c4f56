package io.jenkins.plugins.cacheddockerbuild;

import static org.assertj.core.api.Assertions.assertThat;

import hudson.model.FreeStyleProject;
import hudson.model.Items;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.junit.jupiter.WithJenkins;

/**
 * A {@code config.xml} that lacks fields (written by the REST API, Job DSL or an older version) loads with the
 * defaults the form would give: Jenkins runs no constructor and no field initialiser when it loads a job.
 */
@WithJenkins
class OldConfigurationTest {
    private static final String BUILDER_WITH_IMAGE_ONLY = """
            <?xml version='1.1' encoding='UTF-8'?>
            <project>
              <builders>
                <io.jenkins.plugins.cacheddockerbuild.CachedDockerBuilder>
                  <image>registry.example.com/team/app</image>
                </io.jenkins.plugins.cacheddockerbuild.CachedDockerBuilder>
              </builders>
            </project>
            """;

    @Test
    void aFreestyleJobWhoseBuilderHasOnlyItsImageLoadsWithDefaults(JenkinsRule r) throws Exception {
        FreeStyleProject project = (FreeStyleProject) r.jenkins.createProjectFromXML("old",
                new ByteArrayInputStream(BUILDER_WITH_IMAGE_ONLY.getBytes(StandardCharsets.UTF_8)));

        CachedDockerBuilder builder = project.getBuildersList().get(CachedDockerBuilder.class);
        assertDefaults(builder, "registry.example.com/team/app");
        project.doReload();
        assertDefaults(project.getBuildersList().get(CachedDockerBuilder.class), "registry.example.com/team/app");
    }

    @Test
    void aStepWithNoFieldsAtAllLoadsWithDefaults(JenkinsRule r) {
        Object step = Items.XSTREAM2.fromXML("<io.jenkins.plugins.cacheddockerbuild.CachedDockerBuildStep/>");

        assertDefaults((CachedDockerBuildStep) step, "");
    }

    private static void assertDefaults(CachedDockerBuildSettings settings, String image) {
        assertThat(settings.getImage()).isEqualTo(image);
        for (String value : new String[] {settings.getTags(), settings.getBranch(), settings.getFallbacks(),
                settings.getCacheFrom(), settings.getCacheRepo(), settings.getDockerfile(), settings.getContext(),
                settings.getTarget(), settings.getBuildArgs(), settings.getCacheDir(), settings.getToolName()}) {
            assertThat(value).isEmpty();
        }
        assertThat(settings.getBuilder()).isEqualTo("auto");
        assertThat(settings.isPush()).as("push defaults to true, as on the form").isTrue();
        assertThat(settings.getRegistry()).isNull();
    }
}
