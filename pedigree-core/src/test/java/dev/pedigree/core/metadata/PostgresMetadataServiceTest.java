package dev.pedigree.core.metadata;

import dev.pedigree.store.MetadataStore;
import dev.pedigree.store.jdbc.PostgresMetadataStore;
import dev.pedigree.store.jdbc.PostgresOptions;
import dev.pedigree.store.testing.TestPostgres;
import java.nio.file.Path;

/** The contract on a real PostgreSQL: one server per test run, a fresh database per test. */
class PostgresMetadataServiceTest extends MetadataServiceContract {
  @Override
  protected MetadataStore openStore(Path dir) {
    TestPostgres postgres = TestPostgres.shared();
    String database = postgres.createDatabase();
    return PostgresMetadataStore.open(postgres.jdbcUrl(database), null, null,
        PostgresOptions.defaults().withPools(8, 4).withConnectAttempts(1, java.time.Duration.ZERO));
  }
}
