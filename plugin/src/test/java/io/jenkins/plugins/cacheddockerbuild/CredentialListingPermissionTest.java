package io.jenkins.plugins.cacheddockerbuild;

import static org.assertj.core.api.Assertions.assertThat;

import com.cloudbees.plugins.credentials.CredentialsScope;
import com.cloudbees.plugins.credentials.SystemCredentialsProvider;
import com.cloudbees.plugins.credentials.impl.UsernamePasswordCredentialsImpl;
import hudson.model.FreeStyleProject;
import hudson.model.Item;
import hudson.model.User;
import hudson.security.ACL;
import hudson.security.ACLContext;
import hudson.util.ListBoxModel;
import java.net.URL;
import java.util.List;
import java.util.function.BiFunction;
import jenkins.model.Jenkins;
import org.htmlunit.HttpMethod;
import org.htmlunit.Page;
import org.htmlunit.WebRequest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.MockAuthorizationStrategy;
import org.jvnet.hudson.test.junit.jupiter.WithJenkins;

/**
 * The registry credentials dropdown follows the credentials plugin's consumer guide, for the Pipeline step's
 * descriptor and the freestyle builder's alike: a user who may only read the job sees nothing but the value
 * already configured; a user who may configure it sees the usable credentials; and the listing answers POST only.
 */
@WithJenkins
class CredentialListingPermissionTest {
    private static final String CURRENT = "configured-before";
    private JenkinsRule r;
    private FreeStyleProject project;

    @BeforeEach
    void setUp(JenkinsRule rule) throws Exception {
        r = rule;
        project = r.createFreeStyleProject("app");
        SystemCredentialsProvider.getInstance().getCredentials().add(new UsernamePasswordCredentialsImpl(
                CredentialsScope.GLOBAL, "registry-login", "registry", "ci", "not-shown"));
        SystemCredentialsProvider.getInstance().save();
        r.jenkins.setSecurityRealm(r.createDummySecurityRealm());
        r.jenkins.setAuthorizationStrategy(new MockAuthorizationStrategy()
                .grant(Jenkins.READ).everywhere().to("reader", "configurer")
                .grant(Item.READ).onItems(project).to("reader")
                .grant(Item.READ, Item.EXTENDED_READ, Item.CONFIGURE).onItems(project).to("configurer"));
    }

    @Test
    void freestyleBuilderListsCredentialsOnlyToConfigurers() {
        assertListing(r.jenkins.getDescriptorByType(CachedDockerBuilder.DescriptorImpl.class)::doFillCredentialsIdItems);
    }

    @Test
    void pipelineStepListsCredentialsOnlyToConfigurers() {
        assertListing(r.jenkins.getDescriptorByType(CachedDockerBuildStep.DescriptorImpl.class)::doFillCredentialsIdItems);
    }

    @Test
    void freestyleBuilderListingAnswersPostOnly() throws Exception {
        assertPostOnly(CachedDockerBuilder.class.getName());
    }

    @Test
    void pipelineStepListingAnswersPostOnly() throws Exception {
        assertPostOnly(CachedDockerBuildStep.class.getName());
    }

    private void assertListing(BiFunction<Item, String, ListBoxModel> fill) {
        assertThat(valuesAs("reader", fill)).as("Item.READ only: the current value, nothing else")
                .containsExactly(CURRENT);
        assertThat(valuesAs("configurer", fill)).as("Item.CONFIGURE: none, the current value, the usable credentials")
                .containsExactly("", CURRENT, "registry-login");
    }

    private List<String> valuesAs(String user, BiFunction<Item, String, ListBoxModel> fill) {
        try (ACLContext ignored = ACL.as(User.getById(user, true))) {
            return fill.apply(project, CURRENT).stream().map(option -> option.value).toList();
        }
    }

    private void assertPostOnly(String descriptorId) throws Exception {
        String path = project.getUrl() + "descriptorByName/" + descriptorId + "/fillCredentialsIdItems?credentialsId="
                + CURRENT;
        try (JenkinsRule.WebClient web = r.createWebClient().withThrowExceptionOnFailingStatusCode(false)) {
            web.login("configurer");
            // @POST makes Stapler skip the method for any other verb: nothing else answers, so a GET gets a 404.
            Page get = web.goTo(path, null);
            assertThat(get.getWebResponse().getStatusCode()).as("GET " + path).isIn(404, 405);
            assertThat(get.getWebResponse().getContentAsString()).doesNotContain("registry-login");

            WebRequest post = web.addCrumb(new WebRequest(new URL(r.getURL(), path), HttpMethod.POST));
            Page posted = web.getPage(post);
            assertThat(posted.getWebResponse().getStatusCode()).as("POST " + path).isEqualTo(200);
            assertThat(posted.getWebResponse().getContentAsString()).contains("registry-login", CURRENT);
        }
    }
}
