package io.jenkins.plugins.cacheddockerbuild;

import com.cloudbees.plugins.credentials.CredentialsMatchers;
import com.cloudbees.plugins.credentials.CredentialsProvider;
import com.cloudbees.plugins.credentials.common.StandardListBoxModel;
import com.cloudbees.plugins.credentials.common.StandardUsernamePasswordCredentials;
import hudson.model.Item;
import hudson.security.ACL;
import hudson.util.FormValidation;
import hudson.util.ListBoxModel;
import io.jenkins.plugins.cacheddockerbuild.engine.api.InvalidInputException;
import io.jenkins.plugins.cacheddockerbuild.engine.cache.ImageReference;
import io.jenkins.plugins.cacheddockerbuild.engine.cache.TagSanitizer;
import io.jenkins.plugins.util.JenkinsFacade;
import java.util.Collections;
import org.jenkinsci.plugins.docker.commons.tools.DockerTool;

/**
 * Form validation and list models shared by the step's and the builder's descriptors. Validation uses the
 * engine's own rules, so the form says exactly what a build would say. The descriptors check permissions
 * before calling here (plugin-util-api's architecture rules want the check in each endpoint itself).
 * Values with {@code $} are expanded only at build time, so they are not judged here.
 */
final class FormSupport {
    private FormSupport() {
    }

    static FormValidation checkImage(String value) {
        if (value == null || value.isBlank()) {
            return FormValidation.error(Messages.FormSupport_ImageRequired());
        }
        return check(value, () -> ImageReference.repository("image", value.trim()));
    }

    static FormValidation checkCacheRepo(String value) {
        return check(value, () -> ImageReference.repository("cacheRepo", value.trim()));
    }

    static FormValidation checkTags(String value) {
        for (String tag : CachedDockerBuildSettings.split(value)) {
            FormValidation result = check(tag, () -> ImageReference.tag("tags", tag));
            if (result.kind != FormValidation.Kind.OK) {
                return result;
            }
        }
        return FormValidation.ok();
    }

    static FormValidation checkFallbacks(String value) {
        for (String fallback : CachedDockerBuildSettings.split(value)) {
            FormValidation result = check(fallback, () -> TagSanitizer.branchTag(fallback));
            if (result.kind != FormValidation.Kind.OK) {
                return result;
            }
        }
        return FormValidation.ok();
    }

    static FormValidation checkRefs(String field, String value) {
        for (String ref : CachedDockerBuildSettings.split(value)) {
            FormValidation result = check(ref, () -> ImageReference.reference(field, ref));
            if (result.kind != FormValidation.Kind.OK) {
                return result;
            }
        }
        return FormValidation.ok();
    }

    static FormValidation checkBranch(String value) {
        if (value == null || value.isBlank() || value.contains("$")) {
            return FormValidation.ok();
        }
        try {
            String tag = TagSanitizer.branchTag(value.trim());
            return tag.equals(value.trim()) ? FormValidation.ok() : FormValidation.ok(Messages.FormSupport_BranchTag(tag));
        } catch (InvalidInputException e) {
            return FormValidation.error(e.getMessage());
        }
    }

    static FormValidation checkBuildArgs(String value) {
        for (String line : value == null ? new String[0] : value.split("\\n")) {
            String pair = line.trim();
            if (!pair.isEmpty() && !pair.startsWith("#") && pair.indexOf('=') <= 0) {
                return FormValidation.error(Messages.FormSupport_BuildArgFormat(pair));
            }
        }
        return FormValidation.ok();
    }

    static ListBoxModel builderItems() {
        ListBoxModel items = new ListBoxModel();
        items.add(Messages.FormSupport_BuilderAuto(), "auto");
        items.add(Messages.FormSupport_BuilderRegistry(), "registry");
        items.add(Messages.FormSupport_BuilderBuildKit(), "buildkit");
        items.add(Messages.FormSupport_BuilderClassic(), "classic");
        items.add(Messages.FormSupport_BuilderBuildah(), "buildah");
        return items;
    }

    static ListBoxModel toolNameItems(JenkinsFacade jenkins) {
        ListBoxModel items = new ListBoxModel();
        items.add(Messages.FormSupport_DefaultDocker(), "");
        for (DockerTool tool : ((DockerTool.DescriptorImpl) jenkins.getDescriptorOrDie(DockerTool.class))
                .getInstallations()) {
            items.add(tool.getName());
        }
        return items;
    }

    /** Username/password credentials usable in the item, following the credentials consumer guide. */
    static ListBoxModel credentialsItems(Item item, String currentValue, boolean mayList) {
        StandardListBoxModel result = new StandardListBoxModel();
        if (!mayList) {
            return result.includeCurrentValue(currentValue);
        }
        return result.includeEmptyValue()
                .includeMatchingAs(ACL.SYSTEM2, item, StandardUsernamePasswordCredentials.class,
                        Collections.emptyList(), CredentialsMatchers.always())
                .includeCurrentValue(currentValue);
    }

    static FormValidation checkCredentialsId(Item item, String value) {
        if (value == null || value.isBlank() || value.startsWith("${")) {
            return FormValidation.ok();
        }
        boolean found = CredentialsProvider.listCredentialsInItem(StandardUsernamePasswordCredentials.class, item,
                ACL.SYSTEM2, Collections.emptyList(), CredentialsMatchers.withId(value)).stream()
                .anyMatch(option -> value.equals(option.value));
        return found ? FormValidation.ok() : FormValidation.warning(Messages.FormSupport_CredentialsNotFound());
    }

    private interface Rule {
        void apply() throws InvalidInputException;
    }

    private static FormValidation check(String value, Rule rule) {
        if (value == null || value.isBlank() || value.contains("$")) {
            return FormValidation.ok();
        }
        try {
            rule.apply();
            return FormValidation.ok();
        } catch (InvalidInputException e) {
            return FormValidation.error(e.getMessage());
        } catch (RuntimeException e) {
            // a rule that trips over odd input still answers on the form, never with a stack trace
            return FormValidation.error(String.valueOf(e.getMessage()));
        }
    }
}
