package io.jenkins.plugins.cacheddockerbuild.engine.html;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The element tree of a DOM as Chromium's {@code --dump-dom} serialises it. That serialisation is regular
 * (attribute values double-quoted with {@code "} escaped, text with {@code <} escaped, no self-closing
 * syntax), so a small tokenizer rebuilds the tree faithfully: an element exists here exactly when it
 * exists in the browser's DOM, whatever text or attribute values contain.
 */
final class DumpedDom {

    private static final Set<String> VOID = Set.of("area", "base", "br", "col", "embed", "hr", "img", "input", "link",
            "meta", "source", "track", "wbr");
    private static final Set<String> RAW_TEXT = Set.of("script", "style", "textarea", "title", "xmp", "iframe",
            "noembed", "noframes", "noscript");

    /** One element: its lower-case name, attributes (entity-decoded), children and text content. */
    static final class Element {
        final String name;
        final Map<String, String> attributes;
        final List<Element> children = new ArrayList<>();
        final StringBuilder text = new StringBuilder();
        final Element parent;

        Element(String name, Map<String, String> attributes, Element parent) {
            this.name = name;
            this.attributes = attributes;
            this.parent = parent;
        }

        String attr(String name) {
            return attributes.get(name);
        }

        /** All text inside this element, decoded, as the DOM's {@code textContent}. */
        String textContent() {
            return text.toString();
        }

        void appendText(String decoded) {
            for (Element e = this; e != null; e = e.parent) {
                e.text.append(decoded);
            }
        }
    }

    private final Element root = new Element("#document", Map.of(), null);
    private final List<Element> all = new ArrayList<>();

    private DumpedDom() {
    }

    static DumpedDom parse(String html) {
        DumpedDom dom = new DumpedDom();
        dom.build(html);
        return dom;
    }

    List<Element> elements() {
        return all;
    }

    List<Element> elementsNamed(String name) {
        return all.stream().filter(e -> e.name.equals(name)).toList();
    }

    Optional<Element> byId(String id) {
        return all.stream().filter(e -> id.equals(e.attr("id"))).findFirst();
    }

    /** Elements of {@code name} whose attribute {@code attr} equals {@code value}. */
    List<Element> select(String name, String attr, String value) {
        return all.stream().filter(e -> e.name.equals(name) && value.equals(e.attr(attr))).toList();
    }

    String bodyText() {
        return elementsNamed("body").get(0).textContent();
    }

    private void build(String html) {
        Deque<Element> open = new ArrayDeque<>();
        open.push(root);
        int pos = 0;
        while (pos < html.length()) {
            int lt = html.indexOf('<', pos);
            if (lt < 0) {
                open.peek().appendText(decode(html.substring(pos)));
                break;
            }
            open.peek().appendText(decode(html.substring(pos, lt)));
            if (html.startsWith("<!--", lt)) {
                pos = html.indexOf("-->", lt) + 3;
            } else if (html.startsWith("<!", lt)) {
                pos = html.indexOf('>', lt) + 1;
            } else if (html.startsWith("</", lt)) {
                int gt = html.indexOf('>', lt);
                String name = html.substring(lt + 2, gt).trim().toLowerCase();
                while (open.size() > 1 && !open.peek().name.equals(name)) {
                    open.pop();
                }
                if (open.size() > 1) {
                    open.pop();
                }
                pos = gt + 1;
            } else {
                pos = startTag(html, lt, open);
            }
        }
    }

    private int startTag(String html, int lt, Deque<Element> open) {
        int pos = lt + 1;
        int nameEnd = pos;
        while (nameEnd < html.length() && !Character.isWhitespace(html.charAt(nameEnd)) && html.charAt(nameEnd) != '>'
                && html.charAt(nameEnd) != '/') {
            nameEnd++;
        }
        String name = html.substring(pos, nameEnd).toLowerCase();
        Map<String, String> attributes = new LinkedHashMap<>();
        pos = nameEnd;
        while (true) {
            while (Character.isWhitespace(html.charAt(pos)) || html.charAt(pos) == '/') {
                pos++;
            }
            if (html.charAt(pos) == '>') {
                pos++;
                break;
            }
            int attrEnd = pos;
            while (!Character.isWhitespace(html.charAt(attrEnd)) && "=>/".indexOf(html.charAt(attrEnd)) < 0) {
                attrEnd++;
            }
            String attr = html.substring(pos, attrEnd).toLowerCase();
            pos = attrEnd;
            String value = "";
            if (html.charAt(pos) == '=') {
                char quote = html.charAt(pos + 1);
                int close = html.indexOf(quote, pos + 2);
                value = decode(html.substring(pos + 2, close));
                pos = close + 1;
            }
            attributes.put(attr, value);
        }
        Element element = new Element(name, attributes, open.peek());
        open.peek().children.add(element);
        all.add(element);
        if (RAW_TEXT.contains(name) && !insideSvg(element)) {
            int close = html.toLowerCase().indexOf("</" + name, pos);
            element.appendText(name.equals("title") || name.equals("textarea") ? decode(html.substring(pos, close))
                    : html.substring(pos, close));
            return html.indexOf('>', close) + 1;
        }
        if (!VOID.contains(name)) {
            open.push(element);
        }
        return pos;
    }

    /** In SVG, {@code title} and {@code style} are ordinary elements whose children are parsed. */
    private static boolean insideSvg(Element element) {
        for (Element e = element.parent; e != null; e = e.parent) {
            if (e.name.equals("svg")) {
                return true;
            }
        }
        return false;
    }

    static String decode(String s) {
        return s.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"").replace("&#39;", "'")
                .replace("&nbsp;", "\u00a0").replace("&amp;", "&");
    }
}
