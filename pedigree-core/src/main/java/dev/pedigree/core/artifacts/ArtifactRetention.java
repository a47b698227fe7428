package dev.pedigree.core.artifacts;

import static java.util.Objects.requireNonNull;

import dev.pedigree.core.metadata.PutOptions;
import dev.pedigree.model.Artifact;
import dev.pedigree.model.ArtifactState;
import dev.pedigree.model.PedigreeException;
import dev.pedigree.store.WriteTransaction;
import dev.pedigree.store.artifacts.AliasChange;
import dev.pedigree.store.artifacts.AliasRecord;
import dev.pedigree.store.artifacts.ArtifactRecords;
import dev.pedigree.store.artifacts.CollectionRecord;
import dev.pedigree.store.artifacts.RetentionRule;
import dev.pedigree.store.artifacts.VersionRecord;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Deleting versions, by hand or by a collection's retention rule.
 *
 * <p>A deleted version keeps its number (never given again), its row and its node in the lineage
 * graph, whose state becomes DELETED; reading it answers NOT_FOUND saying who deleted it. Its blobs
 * are freed by the next garbage collection unless a live version or an upload still needs them. A
 * version an alias points at is never deleted (move or delete the alias first); {@code latest} moves
 * back to the newest remaining version by itself.
 */
public final class ArtifactRetention {
  static final String RETENTION_ACTOR = "pedigree (retention rule)";

  private final ArtifactService artifacts;
  private final ArtifactRecords records;

  public ArtifactRetention(ArtifactService artifacts) {
    this.artifacts = requireNonNull(artifacts, "artifacts");
    this.records = artifacts.records();
  }

  /** Deletes version {@code number}: NOT_FOUND if it is not live, FAILED_PRECONDITION if aliased. */
  public VersionRecord deleteVersion(String collection, int number, String actor) {
    return artifacts.metadata().store().write(tx -> {
      artifacts.lockedCollection(tx, collection);
      VersionRecord version = artifacts.resolve(tx, VersionRef.of(collection, number));
      delete(tx, version, actor);
      return version;
    });
  }

  public Optional<RetentionRule> retention(String collection) {
    return artifacts.metadata().store().read(tx -> records.findRetention(tx, artifacts.collection(tx, collection).id()));
  }

  public List<RetentionRule> listRetentionRules() {
    return artifacts.metadata().store().read(records::listRetentionRules);
  }

  /**
   * Sets the collection's rule (see {@link RetentionRule}); INVALID_ARGUMENT unless at least one
   * limit is given and each is positive. Nothing is deleted until garbage is collected.
   */
  public RetentionRule setRetention(String collection, @Nullable Integer keepLast, @Nullable Duration keepFor,
      String actor) {
    if (keepLast == null && keepFor == null) {
      throw PedigreeException.invalidArgument("a retention rule needs keep_last, keep_for or both");
    }
    if (keepLast != null && keepLast < 1) {
      throw PedigreeException.invalidArgument("keep_last: " + keepLast + " (expected: >= 1)");
    }
    if (keepFor != null && (keepFor.isNegative() || keepFor.isZero())) {
      throw PedigreeException.invalidArgument("keep_for: " + keepFor + " (expected: a positive duration)");
    }
    return artifacts.metadata().store().write(tx -> {
      CollectionRecord c = artifacts.lockedCollection(tx, collection);
      RetentionRule rule = new RetentionRule(c.id(), c.name(), keepLast, keepFor, actor, artifacts.clock().millis());
      records.putRetention(tx, rule);
      return rule;
    });
  }

  /** Removes the collection's rule; NOT_FOUND if it has none. */
  public void clearRetention(String collection) {
    artifacts.metadata().store().write(tx -> {
      CollectionRecord c = artifacts.lockedCollection(tx, collection);
      if (!records.deleteRetention(tx, c.id())) {
        throw PedigreeException.notFound("collection '" + collection + "' has no retention rule");
      }
      return null;
    });
  }

  /** The live versions that the retention rules no longer keep, as of now. */
  public List<VersionRecord> expiredVersions() {
    long now = artifacts.clock().millis();
    return artifacts.metadata().store().read(tx -> {
      List<VersionRecord> expired = new ArrayList<>();
      for (RetentionRule rule : records.listRetentionRules(tx)) {
        expired.addAll(expired(rule, records.listVersions(tx, rule.collectionId()),
            records.listAliases(tx, rule.collectionId()), now));
      }
      return expired;
    });
  }

  /**
   * Deletes the versions the retention rules no longer keep, one collection per transaction (each
   * decided again inside its transaction), and returns them.
   */
  public List<VersionRecord> applyRetention() {
    List<VersionRecord> deleted = new ArrayList<>();
    for (RetentionRule listed : listRetentionRules()) {
      deleted.addAll(artifacts.metadata().store().write(tx -> {
        if (records.lockCollection(tx, listed.collection()).isEmpty()) {
          return List.<VersionRecord>of();
        }
        Optional<RetentionRule> rule = records.findRetention(tx, listed.collectionId());
        if (rule.isEmpty()) {
          return List.<VersionRecord>of();
        }
        List<VersionRecord> expired = expired(rule.get(), records.listVersions(tx, listed.collectionId()),
            records.listAliases(tx, listed.collectionId()), artifacts.clock().millis());
        for (VersionRecord version : expired) {
          delete(tx, version, RETENTION_ACTOR);
        }
        return expired;
      }));
    }
    return deleted;
  }

  /** Versions (by number) the rule does not keep: unaliased, older than the newest N and than the age. */
  static List<VersionRecord> expired(RetentionRule rule, List<VersionRecord> byNumber, List<AliasRecord> aliases,
      long nowMs) {
    Set<Long> aliased = new HashSet<>();
    aliases.forEach(alias -> aliased.add(alias.versionId()));
    long keptAfter = rule.keepFor() == null ? Long.MAX_VALUE : nowMs - rule.keepFor().toMillis();
    int countKept = rule.keepLast() == null ? 0 : rule.keepLast();
    List<VersionRecord> expired = new ArrayList<>();
    for (int i = 0; i < byNumber.size(); i++) {
      VersionRecord version = byNumber.get(i);
      boolean newest = byNumber.size() - i <= countKept;
      if (!newest && version.createTimeMs() <= keptAfter && !aliased.contains(version.id())) {
        expired.add(version);
      }
    }
    return expired;
  }

  private void delete(WriteTransaction tx, VersionRecord version, String actor) {
    List<AliasRecord> aliases = records.listAliases(tx, version.collectionId()).stream()
        .filter(alias -> alias.versionId() == version.id()).toList();
    List<String> holding = aliases.stream().map(AliasRecord::name).filter(name -> !name.equals(Names.LATEST)).toList();
    if (!holding.isEmpty()) {
      throw PedigreeException.failedPrecondition(version.label() + " cannot be deleted: alias"
          + (holding.size() == 1 ? " '" + holding.get(0) + "' points" : "es " + holding + " point")
          + " at it; move or delete " + (holding.size() == 1 ? "it" : "them") + " first");
    }
    long now = artifacts.clock().millis();
    records.markVersionDeleted(tx, version.id(), actor, now);
    if (!aliases.isEmpty()) {
      Optional<VersionRecord> previous = records.latestVersion(tx, version.collectionId());
      if (previous.isPresent()) {
        artifacts.moveAlias(tx, version.collectionId(), Names.LATEST, version.id(), previous.get().id(), false,
            ArtifactService.SYSTEM);
      } else {
        records.deleteAlias(tx, version.collectionId(), Names.LATEST);
        records.insertAliasChange(tx, new AliasChange(version.collectionId(), Names.LATEST, version.id(), null, null,
            null, false, ArtifactService.SYSTEM, now));
      }
    }
    Artifact deleted = new Artifact(version.artifactId(), 0, null, null, null, ArtifactState.DELETED, null, Map.of(),
        Map.of(), 0, 0);
    artifacts.metadata().writer().putNodes(tx, List.of(deleted), new PutOptions(Set.of("state"), false));
  }
}
