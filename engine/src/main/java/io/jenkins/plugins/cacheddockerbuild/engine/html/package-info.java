/**
 * The self-contained HTML report ({@link io.jenkins.plugins.cacheddockerbuild.engine.html.HtmlReport}):
 * inline CSS and SVG, no scripts, every report string escaped.
 */
package io.jenkins.plugins.cacheddockerbuild.engine.html;
