package dev.pedigree.core.lineage;

import dev.pedigree.store.MetadataStore;
import dev.pedigree.store.jdbc.PostgresMetadataStore;
import dev.pedigree.store.jdbc.PostgresOptions;
import dev.pedigree.store.testing.TestPostgres;
import java.nio.file.Path;
import java.time.Duration;

/** The lineage query tests on a real PostgreSQL: a fresh database per test. */
class LineageServicePostgresTest extends LineageServiceTest {
  @Override
  MetadataStore openStore(Path dir) {
    TestPostgres postgres = TestPostgres.shared();
    return PostgresMetadataStore.open(postgres.jdbcUrl(postgres.createDatabase()), null, null,
        PostgresOptions.defaults().withPools(2, 2).withConnectAttempts(1, Duration.ZERO));
  }
}
