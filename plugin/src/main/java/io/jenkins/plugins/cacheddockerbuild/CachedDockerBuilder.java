package io.jenkins.plugins.cacheddockerbuild;

import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.EnvVars;
import hudson.Extension;
import hudson.FilePath;
import hudson.Launcher;
import hudson.model.AbstractProject;
import hudson.model.Item;
import hudson.model.Run;
import hudson.model.TaskListener;
import hudson.tasks.BuildStepDescriptor;
import hudson.tasks.BuildStepMonitor;
import hudson.tasks.Builder;
import com.cloudbees.plugins.credentials.CredentialsProvider;
import hudson.util.FormValidation;
import io.jenkins.plugins.util.JenkinsFacade;
import hudson.util.ListBoxModel;
import java.io.IOException;
import java.util.List;
import jenkins.tasks.SimpleBuildStep;
import org.jenkinsci.Symbol;
import org.jenkinsci.plugins.docker.commons.credentials.DockerRegistryEndpoint;
import org.kohsuke.stapler.AncestorInPath;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.DataBoundSetter;
import org.kohsuke.stapler.QueryParameter;
import org.kohsuke.stapler.verb.POST;

/**
 * The freestyle build step. A configuration bean only: {@link #perform} hands itself to the shared
 * {@link CachedBuildRunner}, the same code the Pipeline step runs.
 */
public class CachedDockerBuilder extends Builder implements SimpleBuildStep, CachedDockerBuildSettings {
    private String image;
    private String tags = "";
    private String branch = "";
    private String fallbacks = "";
    private String cacheFrom = "";
    private String cacheRepo = "";
    private String dockerfile = "";
    private String context = "";
    private String target = "";
    private String buildArgs = "";
    private String builder = "auto";
    private Boolean push = Boolean.TRUE;
    private String cacheDir = "";
    private DockerRegistryEndpoint registry;
    private DockerRegistryEndpoint cacheRegistry;
    private String toolName = "";

    @DataBoundConstructor
    public CachedDockerBuilder(String image) {
        this.image = Fields.trim(image);
    }

    @Override
    public void perform(@NonNull Run<?, ?> run, @NonNull FilePath workspace, @NonNull EnvVars env,
            @NonNull Launcher launcher, @NonNull TaskListener listener) throws InterruptedException, IOException {
        CachedBuildRunner.perform(run, workspace, env, launcher, listener, this);
    }

    @Override
    public BuildStepMonitor getRequiredMonitorService() {
        return BuildStepMonitor.NONE;
    }

    /**
     * Jenkins loads saved configurations without running constructors or field initialisers, so a
     * {@code config.xml} written by an older version, the REST API or Job DSL may lack any field: each gets its
     * default here, as the form would have given it.
     */
    protected Object readResolve() {
        image = Fields.trim(image);
        tags = Fields.trim(tags);
        branch = Fields.trim(branch);
        fallbacks = Fields.trim(fallbacks);
        cacheFrom = Fields.trim(cacheFrom);
        cacheRepo = Fields.trim(cacheRepo);
        dockerfile = Fields.trim(dockerfile);
        context = Fields.trim(context);
        target = Fields.trim(target);
        buildArgs = Fields.trim(buildArgs);
        builder = Fields.orDefault(builder, "auto");
        push = push == null || push;
        cacheDir = Fields.trim(cacheDir);
        toolName = Fields.trim(toolName);
        return this;
    }

    // @formatter:off
    @Override public String getImage() { return image; }
    @Override public String getTags() { return tags; }
    @DataBoundSetter public void setTags(String value) { tags = Fields.trim(value); }
    @Override public String getBranch() { return branch; }
    @DataBoundSetter public void setBranch(String value) { branch = Fields.trim(value); }
    @Override public String getFallbacks() { return fallbacks; }
    @DataBoundSetter public void setFallbacks(String value) { fallbacks = Fields.trim(value); }
    @Override public String getCacheFrom() { return cacheFrom; }
    @DataBoundSetter public void setCacheFrom(String value) { cacheFrom = Fields.trim(value); }
    @Override public String getCacheRepo() { return cacheRepo; }
    @DataBoundSetter public void setCacheRepo(String value) { cacheRepo = Fields.trim(value); }
    @Override public String getDockerfile() { return dockerfile; }
    @DataBoundSetter public void setDockerfile(String value) { dockerfile = Fields.trim(value); }
    @Override public String getContext() { return context; }
    @DataBoundSetter public void setContext(String value) { context = Fields.trim(value); }
    @Override public String getTarget() { return target; }
    @DataBoundSetter public void setTarget(String value) { target = Fields.trim(value); }
    @Override public String getBuildArgs() { return buildArgs; }
    @DataBoundSetter public void setBuildArgs(String value) { buildArgs = Fields.trim(value); }
    @Override public String getBuilder() { return builder; }
    @DataBoundSetter public void setBuilder(String value) { builder = Fields.orDefault(value, "auto"); }
    @Override public boolean isPush() { return push == null || push; }
    @DataBoundSetter public void setPush(boolean value) { push = value; }
    @Override public String getCacheDir() { return cacheDir; }
    @DataBoundSetter public void setCacheDir(String value) { cacheDir = Fields.trim(value); }
    @Override public DockerRegistryEndpoint getRegistry() { return registry; }
    @DataBoundSetter public void setRegistry(DockerRegistryEndpoint value) { registry = value; }
    @Override public DockerRegistryEndpoint getCacheRegistry() { return cacheRegistry; }
    @DataBoundSetter public void setCacheRegistry(DockerRegistryEndpoint value) { cacheRegistry = value; }
    @Override public String getToolName() { return toolName; }
    @DataBoundSetter public void setToolName(String value) { toolName = Fields.trim(value); }
    // @formatter:on

    /**
     * Descriptor of the freestyle step. Its symbol is the Pipeline step's function name: one name for the feature,
     * as coverage's recorder and step share {@code recordCoverage}. (An earlier {@code cachedDockerBuilder} symbol
     * is gone; saved jobs name the class, not the symbol, and still load.)
     */
    @Extension
    @Symbol("cachedDockerBuild")
    public static class DescriptorImpl extends BuildStepDescriptor<Builder> {
        private final transient JenkinsFacade jenkins = new JenkinsFacade();

        /** Every field with a {@code help-<field>.html}, including the registry endpoints' own two. */
        static final List<String> HELP_FIELDS = List.of("image", "tags", "branch", "fallbacks", "cacheFrom",
                "cacheRepo", "dockerfile", "context", "target", "buildArgs", "builder", "push", "cacheDir", "registry",
                "cacheRegistry", "toolName", "url", "credentialsId");

        public DescriptorImpl() {
            // One copy of each help file, kept with the Pipeline step, where the Pipeline Syntax reference reads it.
            for (String field : HELP_FIELDS) {
                addHelpFileRedirect(field, CachedDockerBuildStep.class, field);
            }
        }

        @NonNull
        @Override
        public String getDisplayName() {
            return Messages.CachedDockerBuilder_DisplayName();
        }

        @Override
        public boolean isApplicable(Class<? extends AbstractProject> jobType) {
            return true;
        }

        @POST
        public FormValidation doCheckImage(@AncestorInPath Item item, @QueryParameter String value) {
            return jenkins.hasPermission(Item.CONFIGURE, item) ? FormSupport.checkImage(value) : FormValidation.ok();
        }

        @POST
        public FormValidation doCheckTags(@AncestorInPath Item item, @QueryParameter String value) {
            return jenkins.hasPermission(Item.CONFIGURE, item) ? FormSupport.checkTags(value) : FormValidation.ok();
        }

        @POST
        public FormValidation doCheckBranch(@AncestorInPath Item item, @QueryParameter String value) {
            return jenkins.hasPermission(Item.CONFIGURE, item) ? FormSupport.checkBranch(value) : FormValidation.ok();
        }

        @POST
        public FormValidation doCheckFallbacks(@AncestorInPath Item item, @QueryParameter String value) {
            return jenkins.hasPermission(Item.CONFIGURE, item) ? FormSupport.checkFallbacks(value) : FormValidation.ok();
        }

        @POST
        public FormValidation doCheckCacheFrom(@AncestorInPath Item item, @QueryParameter String value) {
            return jenkins.hasPermission(Item.CONFIGURE, item) ? FormSupport.checkRefs("cacheFrom", value)
                    : FormValidation.ok();
        }

        @POST
        public FormValidation doCheckCacheRepo(@AncestorInPath Item item, @QueryParameter String value) {
            return jenkins.hasPermission(Item.CONFIGURE, item) ? FormSupport.checkCacheRepo(value) : FormValidation.ok();
        }

        @POST
        public FormValidation doCheckBuildArgs(@AncestorInPath Item item, @QueryParameter String value) {
            return jenkins.hasPermission(Item.CONFIGURE, item) ? FormSupport.checkBuildArgs(value) : FormValidation.ok();
        }

        @POST
        public ListBoxModel doFillBuilderItems(@AncestorInPath Item item) {
            return jenkins.hasPermission(Item.CONFIGURE, item) ? FormSupport.builderItems() : new ListBoxModel();
        }

        @POST
        public ListBoxModel doFillToolNameItems(@AncestorInPath Item item) {
            return jenkins.hasPermission(Item.CONFIGURE, item) ? FormSupport.toolNameItems(jenkins) : new ListBoxModel();
        }

        @POST
        public ListBoxModel doFillCredentialsIdItems(@AncestorInPath Item item, @QueryParameter String credentialsId) {
            boolean mayList = jenkins.hasPermission(Item.EXTENDED_READ, item)
                    || jenkins.hasPermission(CredentialsProvider.USE_ITEM, item);
            return FormSupport.credentialsItems(item, credentialsId, mayList);
        }

        @POST
        public FormValidation doCheckCredentialsId(@AncestorInPath Item item, @QueryParameter String value) {
            boolean mayList = jenkins.hasPermission(Item.EXTENDED_READ, item)
                    || jenkins.hasPermission(CredentialsProvider.USE_ITEM, item);
            return mayList ? FormSupport.checkCredentialsId(item, value) : FormValidation.ok();
        }
    }
}
