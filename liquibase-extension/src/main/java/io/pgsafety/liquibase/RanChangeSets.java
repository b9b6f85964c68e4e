package io.pgsafety.liquibase;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import liquibase.changelog.ChangeSet;
import liquibase.changelog.RanChangeSet;

/**
 * The rows of DATABASECHANGELOG, found by a changeset's id and author: Liquibase's own match
 * ({@link RanChangeSet#isSameAs}) then runs on the rows with those two only, instead of on every
 * row for every changeset of the changelog, which made the pre-flight quadratic in the length of
 * a database's history.
 */
final class RanChangeSets {

    private final Map<String, List<RanChangeSet>> byIdAndAuthor = new HashMap<>();

    RanChangeSets(List<RanChangeSet> ran) {
        for (RanChangeSet row : ran) {
            byIdAndAuthor.computeIfAbsent(key(row.getId(), row.getAuthor()), k -> new ArrayList<>()).add(row);
        }
    }

    /** The first row Liquibase takes for {@code changeSet}; null when it has not run. */
    RanChangeSet find(ChangeSet changeSet) {
        List<RanChangeSet> candidates = byIdAndAuthor.get(key(changeSet.getId(), changeSet.getAuthor()));
        if (candidates != null) {
            for (RanChangeSet row : candidates) {
                if (row.isSameAs(changeSet)) {
                    return row;
                }
            }
        }
        return null;
    }

    /**
     * The same for every two ids (and authors) that {@link String#equalsIgnoreCase} holds equal,
     * which is how Liquibase compares them.
     */
    private static String key(String id, String author) {
        return fold(id) + '\u0000' + fold(author);
    }

    /** Each character as {@code equalsIgnoreCase} compares it: lower case of its upper case. */
    private static String fold(String s) {
        if (s == null) {
            return "";
        }
        StringBuilder folded = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            folded.append(Character.toLowerCase(Character.toUpperCase(s.charAt(i))));
        }
        return folded.toString();
    }
}
