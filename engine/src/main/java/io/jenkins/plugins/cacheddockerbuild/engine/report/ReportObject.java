package io.jenkins.plugins.cacheddockerbuild.engine.report;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Typed, path-aware access to one parsed JSON object, so that a wrong field is reported as
 * {@code stages[1].steps: expected an integer, found a string} rather than a ClassCastException.
 * Members not asked for are ignored: that is how newer minor versions stay readable.
 */
final class ReportObject {

    private final Map<?, ?> members;
    private final String path;

    private ReportObject(Map<?, ?> members, String path) {
        this.members = members;
        this.path = path;
    }

    /** The parsed value as an object, or an error naming {@code path}. */
    static ReportObject of(Object value, String path) throws ReportFormatException {
        if (value instanceof Map<?, ?> map) {
            return new ReportObject(map, path);
        }
        throw new ReportFormatException(where(path) + "expected an object, found " + kind(value));
    }

    boolean has(String name) {
        return members.get(name) != null;
    }

    String string(String name) throws ReportFormatException {
        Object value = require(name);
        if (value instanceof String s) {
            return s;
        }
        throw wrongType(name, "a string", value);
    }

    String optionalString(String name) throws ReportFormatException {
        return has(name) ? string(name) : null;
    }

    boolean bool(String name, boolean fallback) throws ReportFormatException {
        Object value = members.get(name);
        if (value == null) {
            return fallback;
        }
        if (value instanceof Boolean b) {
            return b;
        }
        throw wrongType(name, "true or false", value);
    }

    int integer(String name) throws ReportFormatException {
        long value = longValue(name);
        if (value < Integer.MIN_VALUE || value > Integer.MAX_VALUE) {
            throw new ReportFormatException(where(child(name)) + "integer " + value + " is out of range");
        }
        return (int) value;
    }

    Long optionalLong(String name) throws ReportFormatException {
        return has(name) ? longValue(name) : null;
    }

    double number(String name) throws ReportFormatException {
        Object value = require(name);
        if (value instanceof Number n) {
            return n.doubleValue();
        }
        throw wrongType(name, "a number", value);
    }

    Double optionalNumber(String name) throws ReportFormatException {
        return has(name) ? number(name) : null;
    }

    /** The member as an object; required. */
    ReportObject object(String name) throws ReportFormatException {
        return of(require(name), child(name));
    }

    /** The member's elements, each as an object; an absent or null member is an empty list. */
    List<ReportObject> objects(String name) throws ReportFormatException {
        List<?> list = list(name);
        List<ReportObject> objects = new ArrayList<>(list.size());
        for (int i = 0; i < list.size(); i++) {
            objects.add(of(list.get(i), child(name) + "[" + i + "]"));
        }
        return objects;
    }

    /** The member's elements, each as an object; the member is required (it may be an empty array). */
    List<ReportObject> requiredObjects(String name) throws ReportFormatException {
        require(name);
        return objects(name);
    }

    /** The member's elements, each a string; an absent or null member is an empty list. */
    List<String> strings(String name) throws ReportFormatException {
        List<?> list = list(name);
        List<String> strings = new ArrayList<>(list.size());
        for (int i = 0; i < list.size(); i++) {
            if (!(list.get(i) instanceof String s)) {
                throw new ReportFormatException(where(child(name) + "[" + i + "]") + "expected a string, found "
                        + kind(list.get(i)));
            }
            strings.add(s);
        }
        return strings;
    }

    /** The member as a string-to-string map; an absent or null member is an empty map. */
    Map<String, String> stringMap(String name) throws ReportFormatException {
        Map<String, String> result = new LinkedHashMap<>();
        if (!has(name)) {
            return result;
        }
        ReportObject map = object(name);
        for (Object key : map.members.keySet()) {
            result.put((String) key, map.string((String) key));
        }
        return result;
    }

    private List<?> list(String name) throws ReportFormatException {
        Object value = members.get(name);
        if (value == null) {
            return List.of();
        }
        if (value instanceof List<?> list) {
            return list;
        }
        throw wrongType(name, "an array", value);
    }

    private long longValue(String name) throws ReportFormatException {
        Object value = require(name);
        if (value instanceof Long l) {
            return l;
        }
        if (value instanceof Double d && d == Math.rint(d) && Math.abs(d) < 0x1p53) {
            return d.longValue(); // 3.0 or 3e0: integral, just spelled differently
        }
        throw wrongType(name, "an integer", value);
    }

    private Object require(String name) throws ReportFormatException {
        Object value = members.get(name);
        if (value == null) {
            throw new ReportFormatException(where(child(name)) + (members.containsKey(name) ? "must not be null"
                    : "missing"));
        }
        return value;
    }

    private ReportFormatException wrongType(String name, String expected, Object found) {
        return new ReportFormatException(where(child(name)) + "expected " + expected + ", found " + kind(found));
    }

    private String child(String name) {
        return path.isEmpty() ? name : path + "." + name;
    }

    private static String where(String path) {
        return path.isEmpty() ? "" : path + ": ";
    }

    private static String kind(Object value) {
        if (value == null) {
            return "null";
        }
        if (value instanceof String) {
            return "a string";
        }
        if (value instanceof Number) {
            return "a number";
        }
        if (value instanceof Boolean) {
            return "a boolean";
        }
        return value instanceof List ? "an array" : "an object";
    }
}
