package io.jenkins.plugins.cacheddockerbuild.acceptance;

import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.cacheddockerbuild.engine.it.SampleApp;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The freestyle form filled, saved and reloaded in the browser; every field's help; each form check answering
 * a wrong value with a message, never a stack trace; the Snippet Generator writing the documented call.
 */
@ExtendWith(Suite.Extension.class)
class FormAcceptanceTest {
    private static final String BUILDER = "io.jenkins.plugins.cacheddockerbuild.CachedDockerBuilder";
    private static final String EMPTY_IMAGE_MESSAGE = "An image repository is required";
    private static final String STEP = "io.jenkins.plugins.cacheddockerbuild.CachedDockerBuildStep";
    private static final List<String> HELP_FIELDS = List.of("image", "tags", "branch", "fallbacks", "cacheFrom",
            "cacheRepo", "dockerfile", "context", "target", "buildArgs", "builder", "push", "cacheDir", "registry",
            "cacheRegistry", "toolName");

    @Test
    void theFreestyleFormSavesAndReloadsWhatWasTyped(Suite suite) throws Exception {
        SampleApp app = suite.sampleApp("form");
        String job = "form-" + suite.runId;
        suite.api.createJob(job, Jobs.freestyle(app.dir(), suite.image("form")));

        assertThat(suite.coreErrors("configure-renders")).as("this Jenkins renders a plain job's configure page "
                + "(core-configure-page.png)").containsExactly("true");
        List<String> coreErrors = suite.coreErrors("configure");
        assertThat(suite.openAndShoot("job/" + job + "/configure", "freestyle-form.png"))
                .as("JavaScript errors beyond core's own " + coreErrors).isSubsetOf(coreErrors);
        suite.browser.eval("""
                (() => {
                  const set = (name, value) => {
                    const field = document.querySelector("[name='_." + name + "']");
                    field.value = value;
                    field.dispatchEvent(new Event('change', {bubbles: true}));
                  };
                  set('tags', 'v1, latest');
                  set('fallbacks', 'develop');
                  set('buildArgs', 'VERSION=1');
                  return true;
                })()""");
        suite.browser.eval("document.querySelector(\"button[name='Submit']\").click(), true");
        Thread.sleep(3000);
        String config = suite.api.get("job/" + job + "/config.xml").body();
        assertThat(config).contains("<tags>v1, latest</tags>", "<fallbacks>develop</fallbacks>",
                "<buildArgs>VERSION=1</buildArgs>", "<branch>main</branch>");

        suite.browser.open(suite.api.url() + "job/" + job + "/configure");
        assertThat(suite.browser.eval("document.querySelector(\"[name='_.tags']\").value").asText())
                .isEqualTo("v1, latest");
        // The Docker installation list is under "Advanced" (hidden text): read its options from the DOM.
        String toolOptions = suite.browser.eval("[...document.querySelectorAll(\"select[name='_.toolName'] option\")]"
                + ".map(o => o.textContent).join('|')").asText();
        assertThat(toolOptions).contains("docker on the agent's PATH").doesNotContain("agents PATH");
        suite.browser.screenshot(suite.out.resolve("freestyle-form-reloaded.png"));
        assertThat(suite.browser.takeErrors()).isSubsetOf(coreErrors);
    }

    @Test
    void everyHelpLinkAnswers(Suite suite) throws Exception {
        // The Pipeline step's help, as the Pipeline Syntax reference links it; the builder's form links the same
        // files (FreestyleAcceptanceTest's form shows them), so its descriptor resolves each field to the step's.
        for (String field : HELP_FIELDS) {
            HttpResponse<String> help = suite.api.get("descriptor/" + STEP + "/help/" + field);
            assertThat(help.statusCode()).as("help " + field).isEqualTo(200);
            assertThat(help.body()).as("help " + field).isNotBlank();
        }
        String json = suite.api.script("""
                def d = jenkins.model.Jenkins.get().getDescriptorByType(%s.DescriptorImpl)
                print(%s.collect { d.getHelpFile(it) }.join('\\n'))
                """.formatted(BUILDER, HELP_FIELDS.stream().map(f -> "'" + f + "'").toList()));
        for (String url : json.trim().split("\n")) {
            assertThat(url).as("a builder field without help").isNotBlank().isNotEqualTo("null");
            HttpResponse<String> help = suite.api.get(url.replaceFirst("^/", ""));
            assertThat(help.statusCode()).as("builder help " + url).isEqualTo(200);
        }
    }

    @Test
    void wrongValuesGetAFormMessageNeverAStackTrace(Suite suite) throws Exception {
        String[][] wrong = {{"checkImage", "Not An Image!"}, {"checkTags", "bad tag!"}, {"checkCacheRepo", "bad repo"},
                {"checkCacheFrom", "::"}, {"checkBuildArgs", "no equals sign"}, {"checkFallbacks", "..."}};
        for (String descriptor : List.of(BUILDER, STEP)) {
            for (String[] check : wrong) {
                HttpResponse<String> answer = suite.api.postForm("descriptorByName/" + descriptor + "/" + check[0],
                        "value", check[1]);
                assertThat(answer.statusCode()).as(check[0]).isEqualTo(200);
                assertThat(answer.body()).as(check[0] + " " + check[1]).contains("error")
                        .doesNotContain("Exception", "\tat ");
            }
        }
    }

    @Test
    void theSnippetGeneratorWritesTheDocumentedCall(Suite suite) throws Exception {
        String job = "snippet-" + suite.runId;
        suite.api.createJob(job, Jobs.pipeline("echo 'snippets'"));
        HttpResponse<String> snippet = suite.api.postForm("job/" + job + "/pipeline-syntax/generateSnippet", "json",
                "{\"stapler-class\":\"" + STEP + "\",\"$class\":\"" + STEP + "\","
                        + "\"image\":\"registry.example.com/team/app\",\"branch\":\"main\"}");
        assertThat(snippet.body().trim()).isEqualTo("cachedDockerBuild branch: 'main', image: 'registry.example.com/team/app'");
        // The step's form in the Snippet Generator: the same taglib as the freestyle form (lib/cacheddockerbuild).
        suite.openAndShoot("job/" + job + "/pipeline-syntax/", "snippet-generator.png");
        suite.browser.eval("""
                (() => {
                  const select = [...document.querySelectorAll('select')]
                      .find(s => [...s.options].some(o => o.textContent.includes('cachedDockerBuild')));
                  const option = [...select.options].find(o => o.textContent.includes('cachedDockerBuild'));
                  select.value = option.value;
                  select.dispatchEvent(new Event('change', {bubbles: true}));
                  return true;
                })()""");
        Thread.sleep(3000);
        assertThat(suite.browser.eval("document.querySelectorAll(\"[name='_.image']\").length").asInt())
                .as("the step's form is shown").isPositive();
        suite.browser.eval("""
                (() => {
                  const image = document.querySelector("[name='_.image']");
                  image.value = 'registry.example.com/team/app';
                  ['input', 'change', 'blur'].forEach(type => image.dispatchEvent(new Event(type, {bubbles: true})));
                  return true;
                })()""");
        Thread.sleep(2000);
        assertThat(suite.browser.text()).as("the image field's check, run again on the new value")
                .doesNotContain(EMPTY_IMAGE_MESSAGE);
        suite.browser.screenshot(suite.out.resolve("step-form.png"));
    }
}
