package io.pgsafety.cli;

import java.io.IOException;
import java.io.StringReader;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Predicate;
import javax.xml.parsers.ParserConfigurationException;
import javax.xml.parsers.SAXParserFactory;
import org.xml.sax.Attributes;
import org.xml.sax.InputSource;
import org.xml.sax.Locator;
import org.xml.sax.SAXException;
import org.xml.sax.helpers.DefaultHandler;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * Where the changesets of a changelog file, their changes and their rollbacks start. Liquibase
 * keeps no positions, so the file is read a second time for them: XML with a SAX parser, YAML
 * and JSON with the YAML parser Liquibase itself uses, formatted SQL by its comment lines.
 */
final class ChangelogOutline {

    /** A place in the file: its offset, 1-based line and column, and how many characters it spans on that line. */
    record Place(int offset, int line, int column, int length) {}

    /**
     * One changeset: where it starts, where each of its changes and its rollback (and each change
     * of that) start, and the offset just after it.
     */
    record ChangeSetPlaces(String id, String author, Place start, List<Place> changes, Place rollback,
            List<Place> rollbackChanges, int end) {}

    private final List<ChangeSetPlaces> changeSets;
    private final Predicate<String> runsOnPostgres;
    private final List<String> dbms;

    private ChangelogOutline(List<ChangeSetPlaces> changeSets, List<String> dbms, Predicate<String> runsOnPostgres) {
        this.changeSets = changeSets;
        this.dbms = dbms;
        this.runsOnPostgres = runsOnPostgres;
    }

    /**
     * The outline of {@code text}, a changelog named {@code fileName}. {@code changeNames} are the
     * change types (element names of XML changes); {@code runsOnPostgres} tells whether a
     * {@code dbms} attribute (null when absent) lets a changeset load for PostgreSQL. A file that
     * cannot be read has an empty outline.
     */
    static ChangelogOutline of(String fileName, String text, Set<String> changeNames,
            Predicate<String> runsOnPostgres) {
        Builder b = new Builder(text);
        String name = fileName.toLowerCase(Locale.ROOT);
        try {
            if (name.endsWith(".xml")) {
                b.xml(changeNames);
            } else if (name.endsWith(".sql")) {
                b.formattedSql();
            } else {
                b.yaml(changeNames);
            }
        } catch (IOException | SAXException | ParserConfigurationException | RuntimeException e) {
            // positions are a convenience: findings then point at the file's first line
        }
        return new ChangelogOutline(b.changeSets, b.dbms, runsOnPostgres);
    }

    /**
     * The {@code occurrence}-th (0-based) changeset with this id and author among those Liquibase
     * loads for PostgreSQL (a changeset whose {@code dbms} leaves PostgreSQL out is not loaded);
     * null when there is no such changeset.
     */
    ChangeSetPlaces find(String id, String author, int occurrence) {
        int seen = 0;
        for (int i = 0; i < changeSets.size(); i++) {
            ChangeSetPlaces c = changeSets.get(i);
            if (c.id().equals(id) && c.author().equals(author) && runsOnPostgres.test(dbms.get(i)) && seen++ == occurrence) {
                return c;
            }
        }
        return null;
    }

    /** Collects the places of one file. */
    private static final class Builder {
        private final String text;
        private final Lines lines;
        final List<ChangeSetPlaces> changeSets = new ArrayList<>();
        final List<String> dbms = new ArrayList<>();

        Builder(String text) {
            this.text = text;
            this.lines = Lines.of(text);
        }

        Place place(int offset, int length) {
            int line = lines.lineAt(offset);
            return new Place(offset, line, offset - lines.startOf(line) + 1, Math.max(1, length));
        }

        void add(String id, String author, String dbmsList, Place start, List<Place> changes, Place rollback,
                List<Place> rollbackChanges, int end) {
            if (id != null && author != null) {
                changeSets.add(new ChangeSetPlaces(id, author, start, changes, rollback, rollbackChanges, end));
                dbms.add(dbmsList);
            }
        }

        /** {@code <changeSet>} elements, their change elements and {@code <rollback>}. */
        void xml(Set<String> changeNames) throws IOException, SAXException, ParserConfigurationException {
            SAXParserFactory factory = SAXParserFactory.newInstance();
            factory.setNamespaceAware(true);
            factory.setValidating(false);
            factory.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
            factory.setFeature("http://xml.org/sax/features/external-general-entities", false);
            factory.setFeature("http://xml.org/sax/features/external-parameter-entities", false);
            factory.newSAXParser().parse(new InputSource(new StringReader(text)), new DefaultHandler() {
                private Locator locator;
                private final Deque<String> open = new ArrayDeque<>();
                private int changeSetDepth = -1;
                private String id;
                private String author;
                private String dbmsList;
                private Place start;
                private List<Place> changes;
                private Place rollback;
                private List<Place> rollbackChanges;

                @Override
                public void setDocumentLocator(Locator locator) {
                    this.locator = locator;
                }

                @Override
                public void startElement(String uri, String localName, String qName, Attributes attributes) {
                    Place here = startTag(qName);
                    int depth = open.size();
                    open.push(localName);
                    if (changeSetDepth < 0 && localName.equals("changeSet")) {
                        changeSetDepth = depth;
                        id = attributes.getValue("id");
                        author = attributes.getValue("author");
                        dbmsList = attributes.getValue("dbms");
                        start = here;
                        changes = new ArrayList<>();
                        rollback = null;
                        rollbackChanges = new ArrayList<>();
                    } else if (changeSetDepth >= 0 && depth == changeSetDepth + 1) {
                        if (localName.equals("rollback")) {
                            rollback = here;
                        } else if (changeNames.contains(localName)) {
                            changes.add(here);
                        }
                    } else if (changeSetDepth >= 0 && depth == changeSetDepth + 2 && "rollback".equals(parent())
                            && changeNames.contains(localName)) {
                        rollbackChanges.add(here);
                    }
                }

                @Override
                public void endElement(String uri, String localName, String qName) {
                    open.pop();
                    if (open.size() == changeSetDepth) {
                        add(id, author, dbmsList, start, changes, rollback, rollbackChanges, afterTag());
                        changeSetDepth = -1;
                    }
                }

                private String parent() {
                    return open.size() > 1 ? List.copyOf(open).get(1) : null;
                }

                /** The locator stands just after the start tag: its {@code <} is the last one before. */
                private Place startTag(String qName) {
                    int after = afterTag();
                    int at = text.lastIndexOf("<" + qName, Math.max(0, after - 1));
                    return place(at < 0 ? after : at, qName.length() + 1);
                }

                private int afterTag() {
                    int line = Math.max(1, locator.getLineNumber());
                    return Math.min(text.length(), lines.startOf(line) + Math.max(0, locator.getColumnNumber() - 1));
                }
            });
        }

        /** {@code - changeSet:} entries of {@code databaseChangeLog}, their {@code changes} and {@code rollback}. */
        void yaml(Set<String> changeNames) {
            LoaderOptions options = new LoaderOptions();
            options.setCodePointLimit(Integer.MAX_VALUE);
            Node root = new Yaml(options).compose(new StringReader(text));
            Node log = value(root, "databaseChangeLog");
            if (!(log instanceof SequenceNode)) {
                return;
            }
            for (Node entry : ((SequenceNode) log).getValue()) {
                NodeTuple changeSet = tuple(entry, "changeSet");
                if (changeSet == null) {
                    continue;
                }
                Node body = changeSet.getValueNode();
                List<Place> changes = new ArrayList<>();
                changeKeys(value(body, "changes"), changeNames, changes);
                Node rollbackNode = value(body, "rollback");
                List<Place> rollbackChanges = new ArrayList<>();
                changeKeys(rollbackNode, changeNames, rollbackChanges);
                add(scalar(value(body, "id")), scalar(value(body, "author")), scalar(value(body, "dbms")),
                        at(changeSet.getKeyNode()), changes, rollbackNode == null ? null : at(rollbackNode),
                        rollbackChanges, offset(body.getEndMark()));
            }
        }

        /** The keys naming changes in a list of changes (or a single change map). */
        private void changeKeys(Node node, Set<String> changeNames, List<Place> into) {
            if (node instanceof SequenceNode) {
                for (Node item : ((SequenceNode) node).getValue()) {
                    changeKeys(item, changeNames, into);
                }
            } else if (node instanceof MappingNode) {
                for (NodeTuple t : ((MappingNode) node).getValue()) {
                    String key = scalar(t.getKeyNode());
                    if (key != null && changeNames.contains(key)) {
                        into.add(at(t.getKeyNode()));
                    }
                }
            }
        }

        private Place at(Node node) {
            String key = scalar(node);
            return place(offset(node.getStartMark()), key == null ? 1 : key.length());
        }

        private int offset(Mark mark) {
            return Math.min(text.length(), lines.startOf(mark.getLine() + 1) + mark.getColumn());
        }

        private static NodeTuple tuple(Node node, String key) {
            if (node instanceof MappingNode) {
                for (NodeTuple t : ((MappingNode) node).getValue()) {
                    if (key.equals(scalar(t.getKeyNode()))) {
                        return t;
                    }
                }
            }
            return null;
        }

        private static Node value(Node node, String key) {
            NodeTuple t = tuple(node, key);
            return t == null ? null : t.getValueNode();
        }

        private static String scalar(Node node) {
            return node instanceof ScalarNode ? ((ScalarNode) node).getValue() : null;
        }

        /** {@code --changeset author:id} lines and the first {@code --rollback} line after each. */
        void formattedSql() {
            List<Integer> headerLines = new ArrayList<>();
            List<LiquibaseFormattedSql.Header> headers = new ArrayList<>();
            for (int n = 1; n <= lines.count(); n++) {
                LiquibaseFormattedSql.Header header = LiquibaseFormattedSql.Header.of(lines.line(n));
                if (header != null) {
                    headerLines.add(n);
                    headers.add(header);
                }
            }
            for (int i = 0; i < headers.size(); i++) {
                int header = headerLines.get(i);
                int next = i + 1 < headers.size() ? headerLines.get(i + 1) : lines.count() + 1;
                Place start = place(lines.startOf(header), lines.line(header).length());
                Place rollback = null;
                for (int n = header + 1; n < next && rollback == null; n++) {
                    if (LiquibaseFormattedSql.isRollback(lines.line(n))) {
                        rollback = place(lines.startOf(n), lines.line(n).length());
                    }
                }
                LiquibaseFormattedSql.Header h = headers.get(i);
                // Liquibase loads formatted SQL changesets whatever their dbms (and filters them later)
                add(h.id(), h.author(), null, start, List.of(start), rollback, List.of(), lines.startOf(next));
            }
        }
    }
}
