package io.pgsafety.test;

import static org.assertj.core.api.Assertions.assertThat;

import io.pgsafety.core.sql.ast.LockMode;
import org.junit.jupiter.api.Test;

/** The parts of the kit that need no server. */
class ServerlessPartsTest {

    @Test
    void pgLocksModesMapToLockModes() {
        assertThat(LockTracer.lockMode("AccessShareLock")).isEqualTo(LockMode.ACCESS_SHARE);
        assertThat(LockTracer.lockMode("ShareUpdateExclusiveLock")).isEqualTo(LockMode.SHARE_UPDATE_EXCLUSIVE);
        assertThat(LockTracer.lockMode("ShareRowExclusiveLock")).isEqualTo(LockMode.SHARE_ROW_EXCLUSIVE);
        assertThat(LockTracer.lockMode("AccessExclusiveLock")).isEqualTo(LockMode.ACCESS_EXCLUSIVE);
        assertThat(LockTracer.lockMode("SIReadLock")).isNull();
    }

    @Test
    void externalUrlKeepsHostAndParametersForEachTestDatabase() {
        ExternalServer server = new ExternalServer("jdbc:postgresql://staging:5433/app?sslmode=require", "u", "p");
        assertThat(server.adminDatabase()).isEqualTo("app");
        assertThat(server.jdbcUrl("safety_t_1")).isEqualTo("jdbc:postgresql://staging:5433/safety_t_1?sslmode=require");
        assertThat(new ExternalServer("jdbc:postgresql://localhost/", "u", "").adminDatabase()).isEqualTo("postgres");
    }

    @Test
    void binariesOfTheBuildAreFoundByMajorVersion() {
        assertThat(PgBinaries.locate(15)).get().asString().contains(PgBinaries.artifactId() + "-15.");
        assertThat(PgBinaries.locate(99)).isEmpty();
    }
}
