package io.jenkins.plugins.cacheddockerbuild;

import hudson.util.XStream2;
import io.jenkins.plugins.util.AbstractXmlStream;

/** Stores a build's {@link CachedBuildResults} in its own file beside build.xml. */
final class ResultsXmlStream extends AbstractXmlStream<CachedBuildResults> {
    ResultsXmlStream() {
        super(CachedBuildResults.class);
    }

    @Override
    protected CachedBuildResults createDefaultValue() {
        return CachedBuildResults.empty();
    }

    @Override
    protected void configureXStream(XStream2 xStream) {
        xStream.alias("cachedDockerBuildResults", CachedBuildResults.class);
    }
}
