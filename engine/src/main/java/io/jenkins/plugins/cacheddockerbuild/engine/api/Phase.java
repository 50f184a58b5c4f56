package io.jenkins.plugins.cacheddockerbuild.engine.api;

/** The phases of a cached build, in the order they run. */
public enum Phase {
    PLAN, LOGIN, RESOLVE, LOAD, PULL, BUILD, PUSH, SAVE;

    /** Lower-case name for messages. */
    public String id() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
