package io.jenkins.plugins.cacheddockerbuild.engine.docker;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A registry's {@code WWW-Authenticate} challenge: {@code Basic realm="Registry"}, or
 * {@code Bearer realm="https://auth.example.com/token",service="registry.example.com",scope="repository:app:pull"}.
 */
final class Challenge {
    private static final Pattern PARAM = Pattern.compile("(\\w+)=\"([^\"]*)\"");

    private Challenge() {
    }

    /** {@code basic}, {@code bearer}, or what else the header names first, lower case. */
    static String scheme(String header) {
        String text = header.strip();
        int space = text.indexOf(' ');
        return (space >= 0 ? text.substring(0, space) : text).toLowerCase(Locale.ROOT);
    }

    static Map<String, String> params(String header) {
        Map<String, String> params = new LinkedHashMap<>();
        Matcher matcher = PARAM.matcher(header);
        while (matcher.find()) {
            params.put(matcher.group(1).toLowerCase(Locale.ROOT), matcher.group(2));
        }
        return params;
    }

    /** The token endpoint with the challenge's {@code service} and {@code scope}; {@code null} if unusable. */
    static URI tokenUri(Map<String, String> params) {
        StringBuilder uri = new StringBuilder(params.get("realm"));
        char separator = uri.indexOf("?") >= 0 ? '&' : '?';
        for (String name : new String[] {"service", "scope"}) {
            if (params.containsKey(name)) {
                uri.append(separator).append(name).append('=')
                        .append(URLEncoder.encode(params.get(name), StandardCharsets.UTF_8));
                separator = '&';
            }
        }
        try {
            URI parsed = URI.create(uri.toString());
            String scheme = parsed.getScheme();
            return parsed.getHost() != null && ("https".equals(scheme) || "http".equals(scheme)) ? parsed : null;
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** A host on this machine ({@code localhost}, {@code 127.x.x.x}, {@code [::1]}), with or without a port. */
    static boolean loopback(String host) {
        String name = host.startsWith("[") ? host.substring(1, Math.max(1, host.indexOf(']')))
                : host.contains(":") ? host.substring(0, host.lastIndexOf(':')) : host;
        return name.equals("localhost") || name.matches("127(\\.\\d{1,3}){3}") || name.equals("::1");
    }
}
