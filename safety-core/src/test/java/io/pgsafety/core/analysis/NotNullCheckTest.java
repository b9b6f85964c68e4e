package io.pgsafety.core.analysis;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class NotNullCheckTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "CHECK ((email IS NOT NULL))        | email  | true",
        "CHECK (email IS NOT NULL)          | email  | true",
        "check (((email)) is not null)      | email  | true",
        "CHECK ((EMAIL IS NOT NULL))        | email  | true",
        "CHECK ((\"UserId\" IS NOT NULL))   | UserId | true",
        "CHECK ((\"a\"\"b(\" IS NOT NULL)) | a\"b(  | true",
        "CHECK ((\"UserId\" IS NOT NULL))   | userid | false",
        "CHECK ((email IS NOT NULL))        | note   | false",
        "CHECK ((email IS NULL))            | email  | false",
        "CHECK ((email IS NOT NULL)) NO INHERIT | email | false",
        "CHECK (((email IS NOT NULL) AND (id > 0))) | email | false",
        "CHECK ((email) IS NOT NULL))       | email  | false",
        "CHECK ((email IS NOT NULL) OR (note IS NOT NULL)) | email | false",
        "UNIQUE (email)                     | email  | false",
    })
    void recognisesOnlyTheSingleColumnForm(String definition, String column, boolean proves) {
        assertThat(NotNullCheck.proves(definition.trim(), column)).isEqualTo(proves);
    }
}
