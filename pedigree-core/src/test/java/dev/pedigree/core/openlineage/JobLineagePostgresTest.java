package dev.pedigree.core.openlineage;

import dev.pedigree.store.MetadataStore;
import dev.pedigree.store.jdbc.PostgresMetadataStore;
import dev.pedigree.store.jdbc.PostgresOptions;
import dev.pedigree.store.testing.TestPostgres;
import java.nio.file.Path;

/** The job-level graph on a real PostgreSQL: a fresh database per test. */
class JobLineagePostgresTest extends JobLineageTest {
  @Override
  MetadataStore openStore(Path dir) {
    TestPostgres postgres = TestPostgres.shared();
    return PostgresMetadataStore.open(postgres.jdbcUrl(postgres.createDatabase()), null, null,
        PostgresOptions.defaults().withPools(8, 4).withConnectAttempts(1, java.time.Duration.ZERO));
  }
}
