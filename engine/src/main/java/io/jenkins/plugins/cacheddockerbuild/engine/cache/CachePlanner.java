package io.jenkins.plugins.cacheddockerbuild.engine.cache;

import io.jenkins.plugins.cacheddockerbuild.engine.api.InvalidInputException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Derives the cache refs (see {@code docs/cache-model.md}):
 * <ul>
 *   <li>final stage: {@code CACHE_REPO:<branch>}; when the cache repository is separate, the image's own
 *       {@code IMAGE:<branch>} is tried too (a release image built with inline cache is a fine source);</li>
 *   <li>named intermediate stage: {@code CACHE_REPO:<branch>--<stage>} ({@code --} never occurs in a
 *       sanitised branch, so names cannot collide);</li>
 *   <li>candidates in order: this branch, each fallback, then explicit {@code --cache-from} refs (final
 *       stage only; they are also passed to every build).</li>
 * </ul>
 */
public final class CachePlanner {
    private static final String STAGE_SEPARATOR = "--";
    private static final int MAX_STAGE_PART = 40;
    private static final String REGISTRY_CACHE_SUFFIX = STAGE_SEPARATOR + "buildcache";

    private CachePlanner() {
    }

    /**
     * @param image the validated image repository
     * @param cacheRepo the validated cache repository, or {@code null} for {@code image}
     * @param branch the branch name as given
     * @param fallbacks fallback branches or tags, in order
     * @param explicitCacheFrom validated extra refs
     * @param tags final tags as given (empty: the branch tag)
     * @param stageIds ids of the stages built with their own target, in build order, final last
     */
    public static CachePlan plan(String image, String cacheRepo, String branch, List<String> fallbacks,
            List<String> explicitCacheFrom, List<String> tags, List<String> stageIds) throws InvalidInputException {
        String repo = cacheRepo == null ? image : cacheRepo;
        String branchTag = TagSanitizer.branchTag(branch);
        List<String> chain = new ArrayList<>();
        chain.add(branch);
        for (String fallback : fallbacks) {
            TagSanitizer.toTag("fallback", fallback, TagSanitizer.MAX_TAG_LENGTH);
            chain.add(fallback);
        }
        List<StageCache> stages = new ArrayList<>();
        for (int i = 0; i < stageIds.size(); i++) {
            boolean isFinal = i == stageIds.size() - 1;
            String stageId = stageIds.get(i);
            stages.add(isFinal
                    ? finalStage(image, repo, stageId, chain, explicitCacheFrom)
                    : intermediateStage(repo, stageId, chain));
        }
        return new CachePlan(branchTag, stages, finalRefs(image, branchTag, tags), explicitCacheFrom);
    }

    private static StageCache finalStage(String image, String repo, String stageId, List<String> chain,
            List<String> explicit) throws InvalidInputException {
        Set<String> candidates = new LinkedHashSet<>();
        for (String name : chain) {
            String tag = TagSanitizer.toTag("fallback", name, TagSanitizer.MAX_TAG_LENGTH);
            candidates.add(repo + ":" + tag);
            candidates.add(image + ":" + tag);
        }
        candidates.addAll(explicit);
        String own = repo + ":" + TagSanitizer.toTag("branch", chain.get(0), TagSanitizer.MAX_TAG_LENGTH);
        return new StageCache(stageId, true, own, new ArrayList<>(candidates));
    }

    private static StageCache intermediateStage(String repo, String stageId, List<String> chain)
            throws InvalidInputException {
        String stagePart = TagSanitizer.toTag("target", stageId, MAX_STAGE_PART);
        int branchRoom = TagSanitizer.MAX_TAG_LENGTH - STAGE_SEPARATOR.length() - stagePart.length();
        Set<String> candidates = new LinkedHashSet<>();
        for (String name : chain) {
            candidates.add(repo + ":" + TagSanitizer.toTag("fallback", name, branchRoom) + STAGE_SEPARATOR + stagePart);
        }
        String own = candidates.iterator().next();
        return new StageCache(stageId, false, own, new ArrayList<>(candidates));
    }

    /**
     * The registry caches of the chain, this branch's first: {@code CACHE_REPO:<branch>--buildcache} for the
     * branch and each fallback (the registry cache mode, where one cache holds every stage).
     */
    public static List<String> registryCaches(String image, String cacheRepo, String branch, List<String> fallbacks)
            throws InvalidInputException {
        String repo = cacheRepo == null ? image : cacheRepo;
        int branchRoom = TagSanitizer.MAX_TAG_LENGTH - REGISTRY_CACHE_SUFFIX.length();
        Set<String> caches = new LinkedHashSet<>();
        caches.add(repo + ":" + TagSanitizer.toTag("branch", branch, branchRoom) + REGISTRY_CACHE_SUFFIX);
        for (String fallback : fallbacks) {
            caches.add(repo + ":" + TagSanitizer.toTag("fallback", fallback, branchRoom) + REGISTRY_CACHE_SUFFIX);
        }
        return new ArrayList<>(caches);
    }

    private static List<String> finalRefs(String image, String branchTag, List<String> tags)
            throws InvalidInputException {
        Set<String> refs = new LinkedHashSet<>();
        if (tags.isEmpty()) {
            refs.add(image + ":" + branchTag);
        }
        for (String tag : tags) {
            refs.add(image + ":" + ImageReference.tag("tag", tag));
        }
        return new ArrayList<>(refs);
    }
}
