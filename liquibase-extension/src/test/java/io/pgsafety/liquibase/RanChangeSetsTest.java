package io.pgsafety.liquibase;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Date;
import java.util.List;
import liquibase.changelog.ChangeSet;
import liquibase.changelog.RanChangeSet;
import org.junit.jupiter.api.Test;

class RanChangeSetsTest {

    private static RanChangeSet ran(String file, String id, String author) {
        return new RanChangeSet(file, id, author, null, new Date(), null, ChangeSet.ExecType.EXECUTED, null, null,
                null, null, null);
    }

    private static ChangeSet changeSet(String file, String id, String author) {
        return new ChangeSet(id, author, false, false, file, null, null, null);
    }

    @Test
    void findsTheRowLiquibaseMatchesIgnoringTheCaseOfIdAndAuthor() {
        RanChangeSet other = ran("db/changelog.xml", "1", "bob");
        RanChangeSet match = ran("db/changelog.xml", "Create-Orders", "ALICE");
        RanChangeSets rows = new RanChangeSets(List.of(other, ran("db/other.xml", "create-orders", "alice"), match));

        assertThat(rows.find(changeSet("db/changelog.xml", "create-orders", "Alice"))).isSameAs(match);
        assertThat(rows.find(changeSet("db/changelog.xml", "create-orders", "carol"))).isNull();
        assertThat(rows.find(changeSet("db/third.xml", "create-orders", "alice"))).isNull();
    }

    @Test
    void theFirstMatchingRowWins() {
        RanChangeSet first = ran("changelog.xml", "1", "alice");
        RanChangeSets rows = new RanChangeSets(List.of(first, ran("changelog.xml", "1", "ALICE")));

        assertThat(rows.find(changeSet("changelog.xml", "1", "alice"))).isSameAs(first);
    }

    @Test
    void charactersThatOnlyCompareEqualThroughTheirUpperCaseStillMatch() {
        // U+017F (long s) upper-cases to S, like s: equalsIgnoreCase holds "ſ" and "s" equal
        RanChangeSet row = ran("changelog.xml", "\u017Fchema", "alice");

        assertThat(new RanChangeSets(List.of(row)).find(changeSet("changelog.xml", "SCHEMA", "alice"))).isSameAs(row);
    }
}
