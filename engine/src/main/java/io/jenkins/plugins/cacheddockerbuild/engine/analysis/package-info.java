/**
 * What a build's report means in the light of earlier ones: whether the cache paid off
 * ({@link io.jenkins.plugins.cacheddockerbuild.engine.analysis.ReportAnalyzer}), why each stage missed, and
 * where earlier reports are kept for the command line
 * ({@link io.jenkins.plugins.cacheddockerbuild.engine.analysis.ReportHistory}).
 */
package io.jenkins.plugins.cacheddockerbuild.engine.analysis;
