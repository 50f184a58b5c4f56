package io.jenkins.plugins.cacheddockerbuild;

import com.cloudbees.plugins.credentials.CredentialsMatchers;
import com.cloudbees.plugins.credentials.common.StandardListBoxModel;
import com.cloudbees.plugins.credentials.common.StandardUsernamePasswordCredentials;
import com.cloudbees.plugins.credentials.CredentialsProvider;
import hudson.model.Item;
import hudson.security.ACL;
import hudson.util.FormValidation;
import hudson.util.ListBoxModel;
import io.jenkins.plugins.cacheddockerbuild.engine.api.InvalidInputException;
import io.jenkins.plugins.cacheddockerbuild.engine.cache.ImageReference;
import io.jenkins.plugins.cacheddockerbuild.engine.cache.TagSanitizer;
import java.util.Collections;
import jenkins.model.Jenkins;
import org.jenkinsci.plugins.docker.commons.tools.DockerTool;

/**
 * Form validation and list models shared by the step's and the builder's descriptors. Validation uses the
 * engine's own rules, so the form says exactly what a build would say. Every method checks permissions:
 * nothing is validated or listed for a user who may not configure the item.
 */
final class FormSupport {
    private FormSupport() {
    }

    static FormValidation checkImage(Item item, String value) {
        if (!mayConfigure(item)) {
            return FormValidation.ok();
        }
        if (value == null || value.isBlank()) {
            return FormValidation.error(Messages.FormSupport_ImageRequired());
        }
        if (value.contains("$")) {
            return FormValidation.ok();
        }
        try {
            ImageReference.repository("image", value);
            return FormValidation.ok();
        } catch (InvalidInputException e) {
            return FormValidation.error(e.getMessage());
        }
    }

    static FormValidation checkTags(Item item, String value) {
        if (!mayConfigure(item)) {
            return FormValidation.ok();
        }
        for (String tag : CachedDockerBuildSettings.split(value)) {
            if (tag.contains("$")) {
                continue;
            }
            try {
                ImageReference.tag("tags", tag);
            } catch (InvalidInputException e) {
                return FormValidation.error(e.getMessage());
            }
        }
        return FormValidation.ok();
    }

    static FormValidation checkBranch(Item item, String value) {
        if (!mayConfigure(item) || value == null || value.isBlank() || value.contains("$")) {
            return FormValidation.ok();
        }
        try {
            String tag = TagSanitizer.branchTag(value);
            return tag.equals(value) ? FormValidation.ok() : FormValidation.ok(Messages.FormSupport_BranchTag(tag));
        } catch (InvalidInputException e) {
            return FormValidation.error(e.getMessage());
        }
    }

    static ListBoxModel builderItems(Item item) {
        ListBoxModel items = new ListBoxModel();
        if (!mayConfigure(item)) {
            return items;
        }
        items.add(Messages.FormSupport_BuilderAuto(), "auto");
        items.add(Messages.FormSupport_BuilderBuildKit(), "buildkit");
        items.add(Messages.FormSupport_BuilderClassic(), "classic");
        items.add(Messages.FormSupport_BuilderBuildah(), "buildah");
        return items;
    }

    static ListBoxModel toolNameItems(Item item) {
        ListBoxModel items = new ListBoxModel();
        if (!mayConfigure(item)) {
            return items;
        }
        items.add(Messages.FormSupport_DefaultDocker(), "");
        for (DockerTool tool : Jenkins.get().getDescriptorByType(DockerTool.DescriptorImpl.class).getInstallations()) {
            items.add(tool.getName());
        }
        return items;
    }

    /** Username/password credentials usable in the item, following the credentials consumer guide. */
    static ListBoxModel credentialsItems(Item item, String currentValue) {
        StandardListBoxModel result = new StandardListBoxModel();
        if (!mayUseCredentials(item)) {
            return result.includeCurrentValue(currentValue);
        }
        return result.includeEmptyValue()
                .includeMatchingAs(ACL.SYSTEM2, item, StandardUsernamePasswordCredentials.class,
                        Collections.emptyList(), CredentialsMatchers.always())
                .includeCurrentValue(currentValue);
    }

    static FormValidation checkCredentialsId(Item item, String value) {
        if (!mayUseCredentials(item) || value == null || value.isBlank() || value.startsWith("${")) {
            return FormValidation.ok();
        }
        boolean found = CredentialsProvider.listCredentialsInItem(StandardUsernamePasswordCredentials.class, item,
                ACL.SYSTEM2, Collections.emptyList(), CredentialsMatchers.withId(value)).stream()
                .anyMatch(option -> value.equals(option.value));
        return found ? FormValidation.ok() : FormValidation.warning(Messages.FormSupport_CredentialsNotFound());
    }

    private static boolean mayConfigure(Item item) {
        return item == null ? Jenkins.get().hasPermission(Jenkins.ADMINISTER) : item.hasPermission(Item.CONFIGURE);
    }

    private static boolean mayUseCredentials(Item item) {
        return item == null
                ? Jenkins.get().hasPermission(Jenkins.ADMINISTER)
                : item.hasPermission(Item.EXTENDED_READ) || item.hasPermission(CredentialsProvider.USE_ITEM);
    }
}
