package dev.pedigree.core.metadata;

import dev.pedigree.store.MetadataStore;
import dev.pedigree.store.jdbc.SqliteMetadataStore;
import dev.pedigree.store.jdbc.SqliteOptions;
import java.nio.file.Path;

class SqliteMetadataServiceTest extends MetadataServiceContract {
  @Override
  protected MetadataStore openStore(Path dir) {
    return SqliteMetadataStore.open(dir.resolve("pedigree.db"), SqliteOptions.defaults());
  }
}
