package dev.pedigree.store.jdbc;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.pedigree.model.ErrorCode;
import dev.pedigree.model.PedigreeException;
import dev.pedigree.store.MetadataStore;
import dev.pedigree.store.ReadTransaction;
import dev.pedigree.store.StoreInfo;
import dev.pedigree.store.TransactionWork;
import dev.pedigree.store.WriteTransaction;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.sqlite.SQLiteDataSource;

/**
 * The embedded default: one SQLite file in WAL mode, written by a single group-committing writer
 * and read through a pool of read-only connections (readers never block the writer). A lock file
 * beside the database keeps a second Pedigree process from opening it.
 */
public final class SqliteMetadataStore implements MetadataStore {
  /** Most statements one read transaction keeps prepared. */
  private static final int READ_STATEMENTS = 32;

  private final Path file;
  private final FileChannel lockChannel;
  private final FileLock lock;
  private final SqliteWriter writer;
  private final HikariDataSource readers;
  private final int schemaVersion;
  private final SqliteCheckpointer checkpointer;
  private final SqliteOptions options;

  private SqliteMetadataStore(Path file, FileChannel lockChannel, FileLock lock, SqliteWriter writer,
      SqliteCheckpointer checkpointer, HikariDataSource readers, int schemaVersion, SqliteOptions options) {
    this.file = file;
    this.options = options;
    this.lockChannel = lockChannel;
    this.lock = lock;
    this.writer = writer;
    this.checkpointer = checkpointer;
    this.readers = readers;
    this.schemaVersion = schemaVersion;
  }

  /** Opens (creating if needed) and migrates the database file. */
  public static SqliteMetadataStore open(Path file, SqliteOptions options) {
    Path absolute = file.toAbsolutePath().normalize();
    FileChannel lockChannel = null;
    FileLock lock = null;
    try {
      Path parent = absolute.getParent();
      if (parent != null) {
        Files.createDirectories(parent);
      }
      Path lockFile = absolute.resolveSibling(absolute.getFileName() + ".lock");
      lockChannel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
      try {
        lock = lockChannel.tryLock();
      } catch (OverlappingFileLockException e) {
        lock = null;
      }
      if (lock == null) {
        throw new PedigreeException(ErrorCode.FAILED_PRECONDITION, "database " + absolute
            + " is in use by another Pedigree process (lock " + lockFile + " is held)");
      }
      Connection writerConnection = connection(absolute, options, false);
      int version;
      try {
        version = Migrations.migrate(writerConnection, SqliteDialect.INSTANCE);
      } catch (SQLException | RuntimeException e) {
        writerConnection.close();
        throw e;
      }
      SqliteCheckpointer checkpointer = null;
      SqliteWriter writer;
      try {
        SqliteCheckpointer.leaveCheckpointsTo(writerConnection);
        checkpointer = new SqliteCheckpointer(connection(absolute, options, false));
        writer = new SqliteWriter(writerConnection, SqliteDialect.INSTANCE, checkpointer::committed);
      } catch (SQLException | RuntimeException e) {
        if (checkpointer != null) {
          checkpointer.close();
        }
        writerConnection.close();
        throw e;
      }
      HikariConfig pool = new HikariConfig();
      pool.setPoolName("pedigree-sqlite-readers");
      pool.setDataSource(dataSource(absolute, options, true));
      pool.setMaximumPoolSize(options.readers());
      pool.setMinimumIdle(1);
      pool.setAutoCommit(false);
      pool.setReadOnly(true);
      return new SqliteMetadataStore(absolute, lockChannel, lock, writer, checkpointer, new HikariDataSource(pool),
          version, options);
    } catch (IOException e) {
      closeQuietly(lockChannel);
      throw PedigreeException.unavailable("cannot open database " + absolute + ": " + e.getMessage(), e);
    } catch (SQLException e) {
      closeQuietly(lockChannel);
      throw SqliteDialect.INSTANCE.translate(e, "open database " + absolute);
    } catch (RuntimeException e) {
      closeQuietly(lockChannel);
      throw e;
    }
  }

  @Override
  public <T> T read(TransactionWork<ReadTransaction, T> work) {
    // A read often runs one statement many times (a lineage walk, one per hop): the driver would
    // parse and plan it afresh each time, so the transaction keeps what it prepared.
    try (Connection connection = readers.getConnection();
        StatementCache statements = new StatementCache(connection, READ_STATEMENTS)) {
      try {
        return work.run(new JdbcReadTransaction(connection, SqliteDialect.INSTANCE, statements));
      } finally {
        connection.rollback();
      }
    } catch (SQLException e) {
      throw SqliteDialect.INSTANCE.translate(e, "read");
    }
  }

  @Override
  public <T> T write(TransactionWork<WriteTransaction, T> work) {
    return writer.write(work);
  }

  @Override
  public <T> List<CompletableFuture<T>> writeEach(List<? extends TransactionWork<WriteTransaction, T>> units) {
    return writer.writeEach(units);
  }

  @Override
  public StoreInfo info() {
    return new StoreInfo("sqlite", file.toString(), schemaVersion);
  }

  /**
   * Copies the live database into {@code target} (a new file): a consistent snapshot taken on a
   * reader connection, so writes go on meanwhile.
   */
  public void backupTo(Path target) {
    Path absolute = target.toAbsolutePath().normalize();
    if (Files.exists(absolute)) {
      throw PedigreeException.alreadyExists("backup target " + absolute + " already exists");
    }
    try (Connection connection = dataSource(file, options, true).getConnection();
        var statement = connection.prepareStatement("VACUUM INTO ?")) {
      statement.setString(1, absolute.toString());
      statement.execute();
    } catch (SQLException e) {
      throw SqliteDialect.INSTANCE.translate(e, "back up to " + absolute);
    }
  }

  /**
   * Copies the database file {@code database} into {@code target} through a read-only connection, so
   * it works while a Pedigree server has the database open (WAL readers never block the writer; the
   * copy is one consistent snapshot). {@code target} must not exist yet.
   */
  public static void backup(Path database, Path target) {
    Path source = database.toAbsolutePath().normalize();
    Path copy = target.toAbsolutePath().normalize();
    if (!Files.isRegularFile(source)) {
      throw PedigreeException.notFound("no SQLite database at " + source);
    }
    if (Files.exists(copy)) {
      throw PedigreeException.alreadyExists("backup target " + copy + " exists; choose a new file");
    }
    try {
      Path parent = copy.getParent();
      if (parent != null) {
        Files.createDirectories(parent);
      }
    } catch (IOException e) {
      throw PedigreeException.unavailable("cannot create " + copy.getParent() + ": " + e.getMessage(), e);
    }
    try (Connection connection = connection(source, SqliteOptions.defaults(), true);
        var statement = connection.prepareStatement("VACUUM INTO ?")) {
      statement.setString(1, copy.toString());
      statement.execute();
    } catch (SQLException e) {
      throw SqliteDialect.INSTANCE.translate(e, "back up " + source + " to " + copy);
    }
  }

  @Override
  public void close() {
    writer.close();
    readers.close();
    // Last: the last connection to close copies the log into the database file and deletes it, which a
    // read-only connection cannot do.
    checkpointer.close();
    try {
      lock.release();
    } catch (IOException e) {
      // The channel close below releases it anyway.
    }
    closeQuietly(lockChannel);
  }

  private static Connection connection(Path file, SqliteOptions options, boolean readOnly) throws SQLException {
    return dataSource(file, options, readOnly).getConnection();
  }

  private static SQLiteDataSource dataSource(Path file, SqliteOptions options, boolean readOnly) {
    SQLiteDataSource dataSource = new SQLiteDataSource(options.connectionConfig(readOnly));
    dataSource.setUrl("jdbc:sqlite:" + file);
    return dataSource;
  }

  private static void closeQuietly(FileChannel channel) {
    if (channel == null) {
      return;
    }
    try {
      channel.close();
    } catch (IOException e) {
      // Nothing left to do.
    }
  }
}
