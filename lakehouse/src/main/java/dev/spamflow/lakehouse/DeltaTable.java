package dev.spamflow.lakehouse;

import dev.spamflow.core.port.ObjectStore;
import io.delta.kernel.DataWriteContext;
import io.delta.kernel.Operation;
import io.delta.kernel.Scan;
import io.delta.kernel.ScanBuilder;
import io.delta.kernel.Snapshot;
import io.delta.kernel.Table;
import io.delta.kernel.Transaction;
import io.delta.kernel.TransactionBuilder;
import io.delta.kernel.TransactionCommitResult;
import io.delta.kernel.data.ColumnarBatch;
import io.delta.kernel.data.FilteredColumnarBatch;
import io.delta.kernel.data.Row;
import io.delta.kernel.defaults.engine.DefaultEngine;
import io.delta.kernel.engine.Engine;
import io.delta.kernel.engine.FileReadResult;
import io.delta.kernel.exceptions.ConcurrentTransactionException;
import io.delta.kernel.exceptions.ConcurrentWriteException;
import io.delta.kernel.exceptions.KernelException;
import io.delta.kernel.exceptions.TableNotFoundException;
import io.delta.kernel.expressions.Column;
import io.delta.kernel.expressions.Literal;
import io.delta.kernel.expressions.Predicate;
import io.delta.kernel.hook.PostCommitHook;
import io.delta.kernel.internal.InternalScanFileUtils;
import io.delta.kernel.internal.data.ScanStateRow;
import io.delta.kernel.types.StructType;
import io.delta.kernel.utils.CloseableIterable;
import io.delta.kernel.utils.CloseableIterator;
import io.delta.kernel.utils.DataFileStatus;
import io.delta.kernel.utils.FileStatus;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One Delta table in the object store, appended to once per source and read at any version.
 *
 * <p>Appends are idempotent through Delta's transaction identifiers (the {@code txn} action): each
 * append names an application id — for curate, one per dataset — and the table remembers every id
 * it committed. An append whose id the table already holds writes nothing and returns the version
 * that first committed it, so a redelivered event never appends twice, and two deliveries racing
 * each other commit once (the loser's commit fails with Kernel's {@link
 * ConcurrentTransactionException}, and its data files stay unreferenced).
 *
 * <p>Written with Delta Kernel's default engine over {@link ObjectStoreFileIO}. Not thread-safe for
 * appends to the same table from one instance; separate processes are safe.
 */
public final class DeltaTable {

  private static final Logger LOG = LoggerFactory.getLogger(DeltaTable.class);

  /** The one transaction version each application id is committed with. */
  private static final long TXN_VERSION = 1;

  private final String key;
  private final StructType schema;
  private final Engine engine;
  private final Table table;

  /**
   * Opens a table (it is created by the first append).
   *
   * @param store where the table's files live
   * @param key the table's folder in the store, e.g. {@code lakehouse/curated/messages}
   * @param schema the table's columns
   */
  public DeltaTable(ObjectStore store, String key, StructType schema) {
    this.key = Objects.requireNonNull(key, "key");
    this.schema = Objects.requireNonNull(schema, "schema");
    this.engine = DefaultEngine.create(new ObjectStoreFileIO(store));
    this.table = Table.forPath(engine, ObjectStoreFileIO.path(key));
  }

  /** Returns the table's folder in the store. */
  public String key() {
    return key;
  }

  /**
   * What an append did.
   *
   * @param version the table version holding the rows
   * @param appended true when this call committed them, false when an earlier one had
   */
  public record Commit(long version, boolean appended) {}

  /**
   * Appends rows once per application id.
   *
   * @param appId names the source of the rows; a second append with it changes nothing
   * @param engineInfo what the commit's {@code commitInfo.engineInfo} says (Kernel prefixes its own
   *     version): who wrote it and what, for a reader of the table's history
   * @param rows the rows, in this table's schema
   * @return the version holding the rows, and whether this call wrote them
   * @throws IllegalArgumentException when the rows' schema is not the table's, or the table exists
   *     with another schema
   * @throws UncheckedIOException when the store fails
   */
  public Commit append(String appId, String engineInfo, Columns rows) {
    try {
      return appendOnce(appId, engineInfo, rows);
    } catch (ConcurrentTransactionException e) {
      throw e;
    } catch (ConcurrentWriteException e) {
      // Two writers created the table at once (both wrote version 0 as CREATE_TABLE): Kernel
      // cannot rebase a create onto another create. The table exists now: append to it.
      LOG.info("{}: {} lost the race to create the table; appending again", key, appId);
      return appendOnce(appId, engineInfo, rows);
    }
  }

  private Commit appendOnce(String appId, String engineInfo, Columns rows) {
    if (!rows.schema().equals(schema)) {
      throw new IllegalArgumentException(
          "rows have schema " + rows.schema() + " but table " + key + " has " + schema);
    }
    Optional<Snapshot> latest = latest();
    if (latest.isPresent()) {
      requireSchema(latest.get());
      Optional<Long> committed = committedAt(appId, latest.get());
      if (committed.isPresent()) {
        return new Commit(committed.get(), false);
      }
    }
    try {
      TransactionBuilder builder =
          table
              .createTransactionBuilder(
                  engine, engineInfo, latest.isPresent() ? Operation.WRITE : Operation.CREATE_TABLE)
              .withTransactionId(engine, appId, TXN_VERSION);
      if (latest.isEmpty()) {
        builder = builder.withSchema(engine, schema);
      }
      Transaction txn = builder.build(engine);
      Row state = txn.getTransactionState(engine);
      Map<String, Literal> noPartitions = Map.of();
      CloseableIterator<FilteredColumnarBatch> physical =
          Transaction.transformLogicalData(
              engine,
              state,
              single(new FilteredColumnarBatch(rows.batch(), Optional.empty())),
              noPartitions);
      DataWriteContext context = Transaction.getWriteContext(engine, state, noPartitions);
      CloseableIterator<DataFileStatus> files =
          engine
              .getParquetHandler()
              .writeParquetFiles(
                  context.getTargetDirectory(), physical, context.getStatisticsColumns());
      CloseableIterator<Row> actions =
          Transaction.generateAppendActions(engine, state, files, context);
      TransactionCommitResult result =
          txn.commit(engine, CloseableIterable.inMemoryIterable(actions));
      LOG.info(
          "{}: committed version {} ({} rows, {})", key, result.getVersion(), rows.size(), appId);
      runHooks(result);
      return new Commit(result.getVersion(), true);
    } catch (ConcurrentTransactionException e) {
      // Another delivery of the same source committed while this one wrote its files.
      Snapshot now = latest().orElseThrow(() -> new IllegalStateException(e));
      return new Commit(
          committedAt(appId, now).orElseThrow(() -> new IllegalStateException(e)), false);
    } catch (IOException e) {
      throw new UncheckedIOException("appending to table " + key + " failed", e);
    }
  }

  /**
   * Returns the latest version, if the table exists.
   *
   * @return the version, or empty before the first append
   */
  public Optional<Long> latestVersion() {
    return latest().map(Snapshot::getVersion);
  }

  /**
   * Returns the version at which an application id was committed.
   *
   * @param appId the id an append named
   * @return the version, or empty when the table holds no such append
   */
  public Optional<Long> committedAt(String appId) {
    return latest().flatMap(snapshot -> committedAt(appId, snapshot));
  }

  /**
   * Reads every row of one version (time travel).
   *
   * @param version a committed version
   * @return the rows, each column name → value in the Java types {@link Columns#add} takes
   * @throws IllegalArgumentException when the table has no such version
   * @throws UncheckedIOException when the store fails
   */
  public List<Map<String, Object>> read(long version) {
    return scan(version, null, null);
  }

  /**
   * Reads the rows of one version whose string column equals a value. Kernel skips every data file
   * whose statistics rule the value out (curate's commits hold one dataset each, so reading one
   * dataset opens its own files only); the rows of the files read are then filtered here.
   *
   * @param version a committed version
   * @param column a string column
   * @param value the value it must have
   * @return the matching rows, in file order
   * @throws IllegalArgumentException when the table has no such version
   * @throws UncheckedIOException when the store fails
   */
  public List<Map<String, Object>> read(long version, String column, String value) {
    Objects.requireNonNull(column, "column");
    Objects.requireNonNull(value, "value");
    return scan(version, column, value);
  }

  /** Reads one version, every row or those whose {@code column} equals {@code value}. */
  private List<Map<String, Object>> scan(long version, String column, String value) {
    Snapshot snapshot;
    try {
      snapshot = table.getSnapshotAsOfVersion(engine, version);
    } catch (TableNotFoundException e) {
      throw new IllegalArgumentException("table " + key + " does not exist", e);
    } catch (KernelException e) {
      throw new IllegalArgumentException(
          "table " + key + " has no version " + version + ": " + e.getMessage(), e);
    }
    ScanBuilder builder = snapshot.getScanBuilder();
    if (column != null) {
      builder = builder.withFilter(new Predicate("=", new Column(column), Literal.ofString(value)));
    }
    Scan scan = builder.build();
    Row scanState = scan.getScanState(engine);
    // ScanStateRow and InternalScanFileUtils are the helpers Delta Kernel's own examples read
    // tables with; they sit in an internal package, so the version is pinned in the pom.
    StructType physicalSchema = ScanStateRow.getPhysicalDataReadSchema(scanState);
    List<Map<String, Object>> rows = new ArrayList<>();
    try (CloseableIterator<FilteredColumnarBatch> scanFiles = scan.getScanFiles(engine)) {
      while (scanFiles.hasNext()) {
        try (CloseableIterator<Row> files = scanFiles.next().getRows()) {
          while (files.hasNext()) {
            Row scanFile = files.next();
            FileStatus file = InternalScanFileUtils.getAddFileStatus(scanFile);
            CloseableIterator<ColumnarBatch> physical =
                engine
                    .getParquetHandler()
                    .readParquetFiles(single(file), physicalSchema, Optional.empty())
                    .map(FileReadResult::getData);
            try (CloseableIterator<FilteredColumnarBatch> logical =
                Scan.transformPhysicalData(engine, scanState, scanFile, physical)) {
              while (logical.hasNext()) {
                FilteredColumnarBatch batch = logical.next();
                for (Map<String, Object> row :
                    Columns.rows(batch.getData(), batch.getSelectionVector().orElse(null))) {
                  if (column == null || value.equals(row.get(column))) {
                    rows.add(row);
                  }
                }
              }
            }
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("reading table " + key + " version " + version, e);
    }
    return rows;
  }

  /**
   * Runs what Kernel asks for after a commit: a checkpoint every ten versions (so neither Kernel
   * nor another reader replays the whole log) and the version checksum. The rows are committed
   * already; a hook that fails is logged and the next commit's checkpoint makes up for it.
   */
  private void runHooks(TransactionCommitResult result) {
    for (PostCommitHook hook : result.getPostCommitHooks()) {
      try {
        hook.threadSafeInvoke(engine);
      } catch (IOException | RuntimeException e) {
        LOG.warn(
            "{}: {} after version {} failed (the commit stands): {}",
            key,
            hook.getType(),
            result.getVersion(),
            e.toString());
      }
    }
  }

  private Optional<Snapshot> latest() {
    try {
      return Optional.of(table.getLatestSnapshot(engine));
    } catch (TableNotFoundException e) {
      return Optional.empty();
    }
  }

  private void requireSchema(Snapshot snapshot) {
    if (!snapshot.getSchema().equals(schema)) {
      throw new IllegalArgumentException(
          "table " + key + " has schema " + snapshot.getSchema() + ", expected " + schema);
    }
  }

  /**
   * The first version holding {@code appId}'s transaction: once a version holds it every later one
   * does, so a binary search over versions finds it in a few snapshot loads.
   */
  private Optional<Long> committedAt(String appId, Snapshot latest) {
    if (latest.getLatestTransactionVersion(engine, appId).isEmpty()) {
      return Optional.empty();
    }
    long low = 0;
    long high = latest.getVersion();
    while (low < high) {
      long middle = (low + high) >>> 1;
      Snapshot snapshot = table.getSnapshotAsOfVersion(engine, middle);
      if (snapshot.getLatestTransactionVersion(engine, appId).isPresent()) {
        high = middle;
      } else {
        low = middle + 1;
      }
    }
    return Optional.of(low);
  }

  private static <T> CloseableIterator<T> single(T item) {
    return new CloseableIterator<>() {
      private boolean taken;

      @Override
      public boolean hasNext() {
        return !taken;
      }

      @Override
      public T next() {
        if (taken) {
          throw new NoSuchElementException();
        }
        taken = true;
        return item;
      }

      @Override
      public void close() {}
    };
  }
}
