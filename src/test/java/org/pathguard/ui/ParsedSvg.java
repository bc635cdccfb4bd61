package org.pathguard.ui;

import org.w3c.dom.Attr;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NamedNodeMap;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;
import org.xml.sax.InputSource;

import javax.xml.parsers.DocumentBuilderFactory;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** A chart parsed with the JDK's XML parser, which proves it well-formed, and the checks every chart must pass. */
final class ParsedSvg {

    static final String SVG_NAMESPACE = "http://www.w3.org/2000/svg";
    private static final Set<String> NUMERIC_ATTRIBUTES = Set.of("x", "y", "x1", "y1", "x2", "y2", "cx", "cy", "r", "width", "height");

    final String source;
    final Element root;

    private ParsedSvg(String source, Element root) {
        this.source = source;
        this.root = root;
    }

    static ParsedSvg parse(String svg) {
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setNamespaceAware(true);
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            Document document = factory.newDocumentBuilder().parse(new InputSource(new StringReader(svg)));
            return new ParsedSvg(svg, document.getDocumentElement());
        } catch (Exception e) {
            throw new AssertionError("Not well-formed XML: " + e.getMessage() + "\n" + svg, e);
        }
    }

    /** Everything a chart must be, whatever it shows: safe under a strict CSP, labelled for screen readers, scalable. */
    ParsedSvg assertSafeAndAccessible() {
        assertThat(root.getNamespaceURI()).isEqualTo(SVG_NAMESPACE);
        assertThat(root.getLocalName()).isEqualTo("svg");
        assertThat(source.toLowerCase()).doesNotContain("<style", "<script", "javascript:");
        for (Element element : all()) {
            assertThat(element.hasAttribute("style")).as("style attribute on <%s>", element.getLocalName()).isFalse();
            assertThat(attributeNames(element)).noneMatch(name -> name.toLowerCase().startsWith("on"));
        }
        assertThat(root.getAttribute("role")).isEqualTo("img");
        assertThat(root.getAttribute("width")).isEqualTo("100%");
        assertThat(root.getAttribute("viewBox")).matches("0 0 \\d+ \\d+");
        String[] labelledBy = root.getAttribute("aria-labelledby").split(" ");
        assertThat(labelledBy).hasSize(2);
        assertThat(byId(labelledBy[0]).getLocalName()).isEqualTo("title");
        assertThat(byId(labelledBy[1]).getLocalName()).isEqualTo("desc");
        assertThat(byId(labelledBy[0]).getParentNode()).isSameAs(root);
        assertThat(byId(labelledBy[1]).getTextContent()).isNotBlank();
        for (Element element : all()) {
            if (element.hasAttribute("id")) {
                assertThat(element.getAttribute("id")).matches("[A-Za-z][A-Za-z0-9-]*");
            }
        }
        assertFiniteCoordinates();
        return this;
    }

    void assertFiniteCoordinates() {
        assertThat(source).doesNotContain("NaN", "Infinity");
        // The root's width is "100%", so it scales; every coordinate inside is a plain number.
        for (Element element : all().subList(1, all().size())) {
            for (String name : attributeNames(element)) {
                if (NUMERIC_ATTRIBUTES.contains(name)) {
                    assertThat(Double.parseDouble(element.getAttribute(name))).as("%s of <%s>", name, element.getLocalName()).isFinite();
                }
            }
            if (element.hasAttribute("points")) {
                for (double[] point : points(element)) {
                    assertThat(point[0]).isFinite();
                    assertThat(point[1]).isFinite();
                }
            }
        }
    }

    String title() {
        return byId(root.getAttribute("aria-labelledby").split(" ")[0]).getTextContent();
    }

    String description() {
        return byId(root.getAttribute("aria-labelledby").split(" ")[1]).getTextContent();
    }

    Element byId(String id) {
        return all().stream().filter(e -> id.equals(e.getAttribute("id"))).findFirst()
                .orElseThrow(() -> new AssertionError("No element with id " + id));
    }

    double[] viewBox() {
        return Arrays.stream(root.getAttribute("viewBox").split(" ")).mapToDouble(Double::parseDouble).toArray();
    }

    List<Element> all() {
        return list(root.getElementsByTagNameNS("*", "*"), root);
    }

    List<Element> elements(String localName) {
        return list(root.getElementsByTagNameNS(SVG_NAMESPACE, localName), null);
    }

    /** Elements whose class attribute lists the given class. */
    List<Element> withClass(String cssClass) {
        Pattern word = Pattern.compile("(^|\\s)" + Pattern.quote(cssClass) + "(\\s|$)");
        return all().stream().filter(e -> word.matcher(e.getAttribute("class")).find()).toList();
    }

    List<String> texts(String cssClass) {
        return withClass(cssClass).stream().map(Node::getTextContent).toList();
    }

    static double number(Element element, String attribute) {
        assertThat(element.hasAttribute(attribute)).as("<%s> has %s", element.getLocalName(), attribute).isTrue();
        return Double.parseDouble(element.getAttribute(attribute));
    }

    static List<double[]> points(Element element) {
        return Arrays.stream(element.getAttribute("points").trim().split("\\s+"))
                .map(pair -> Arrays.stream(pair.split(",")).mapToDouble(Double::parseDouble).toArray())
                .toList();
    }

    /** The centre of a circle, or of a polygon's corners. */
    static double[] centre(Element marker) {
        if (marker.getLocalName().equals("circle")) {
            return new double[] {number(marker, "cx"), number(marker, "cy")};
        }
        List<double[]> corners = points(marker);
        return new double[] {
                corners.stream().mapToDouble(p -> p[0]).average().orElseThrow(),
                corners.stream().mapToDouble(p -> p[1]).average().orElseThrow()};
    }

    static String childTitle(Element element) {
        NodeList titles = element.getElementsByTagNameNS(SVG_NAMESPACE, "title");
        assertThat(titles.getLength()).as("<title> inside <%s>", element.getLocalName()).isEqualTo(1);
        return titles.item(0).getTextContent();
    }

    private static List<String> attributeNames(Element element) {
        NamedNodeMap attributes = element.getAttributes();
        List<String> names = new ArrayList<>();
        for (int i = 0; i < attributes.getLength(); i++) {
            Attr attribute = (Attr) attributes.item(i);
            names.add(attribute.getLocalName() != null ? attribute.getLocalName() : attribute.getName());
        }
        return names;
    }

    private static List<Element> list(NodeList nodes, Element first) {
        List<Element> elements = new ArrayList<>();
        if (first != null) {
            elements.add(first);
        }
        for (int i = 0; i < nodes.getLength(); i++) {
            elements.add((Element) nodes.item(i));
        }
        return elements;
    }
}
