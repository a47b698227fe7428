package dev.pedigree.core.openlineage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pedigree.core.lineage.LineageSettings;
import dev.pedigree.core.metadata.MetadataService;
import dev.pedigree.core.openlineage.JobLineage.Start;
import dev.pedigree.core.openlineage.OpenLineageEvent.Dataset;
import dev.pedigree.core.openlineage.OpenLineageEvent.Facets;
import dev.pedigree.core.openlineage.OpenLineageEvent.Job;
import dev.pedigree.model.ErrorCode;
import dev.pedigree.model.PedigreeException;
import dev.pedigree.store.MetadataStore;
import dev.pedigree.store.jdbc.JdbcOpenLineageStore;
import dev.pedigree.store.jdbc.SqliteMetadataStore;
import dev.pedigree.store.jdbc.SqliteOptions;
import dev.pedigree.store.openlineage.OpenLineageStore.JobLink;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JobLineageTest {
  @TempDir Path dir;
  MetadataStore store;
  OpenLineageService openLineage;
  JobLineage jobs;

  @BeforeEach
  void open() {
    store = openStore(dir);
    JdbcOpenLineageStore openLineageStore = new JdbcOpenLineageStore();
    openLineage = new OpenLineageService(new MetadataService(store, Clock.systemUTC()), openLineageStore,
        Clock.systemUTC());
    jobs = new JobLineage(store, openLineageStore, LineageSettings.DEFAULTS);
  }

  /** The store the tests run on; a subclass runs them on PostgreSQL. */
  MetadataStore openStore(Path dir) {
    return SqliteMetadataStore.open(dir.resolve("pedigree.db"), SqliteOptions.defaults());
  }

  @AfterEach
  void close() {
    store.close();
  }

  private void complete(String job, List<Dataset> in, List<Dataset> out) {
    String runId = UUID.randomUUID().toString();
    openLineage.ingest(new OpenLineageEvent(OpenLineageEvent.Kind.RUN, "COMPLETE", 1000, runId,
        new Job("ns", job, Facets.NONE), Facets.NONE, in, out, null, null), UUID.randomUUID().toString());
  }

  private static Dataset dataset(String namespace, String name) {
    return new Dataset(namespace, name, Facets.NONE, Facets.NONE);
  }

  @Test
  void runsFoldIntoJobsVersionsIntoDatasetsAndACycleEnds() {
    Dataset raw = dataset("s3://b", "raw");
    Dataset staged = dataset("s3://b", "staged");
    Dataset out = dataset("s3://b", "out");
    complete("extract", List.of(raw), List.of(staged));
    complete("extract", List.of(raw), List.of(staged));
    complete("transform", List.of(staged), List.of(out));
    complete("loop", List.of(out), List.of(staged));

    JobLineage.Graph graph = jobs.graph(new Start(false, "s3://b", "staged"), null, null);
    assertThat(graph.truncated()).isFalse();
    assertThat(graph.datasets()).extracting(node -> node.dataset().name()).containsExactly("staged", "raw", "out");
    assertThat(graph.datasets().get(0).dataset().versionCount()).isEqualTo(3);
    assertThat(graph.datasets().get(0).latestVersion()).isNotNull();
    assertThat(graph.jobs()).extracting(node -> node.job().name()).containsExactlyInAnyOrder("extract", "transform",
        "loop");
    assertThat(graph.links()).hasSize(6).extracting(JobLink::input).containsOnly(true, false);
    JobLineage.JobNode extract = graph.jobs().stream().filter(node -> node.job().name().equals("extract")).findFirst()
        .orElseThrow();
    assertThat(extract.inputs()).extracting(d -> d.name()).containsExactly("raw");
    assertThat(extract.outputs()).extracting(d -> d.name()).containsExactly("staged");
    assertThat(extract.latestRun()).isNotNull();
  }

  @Test
  void aNodeIdIsSplitWhereAKnownDatasetResultsAndAmbiguityIsRefused() {
    complete("j", List.of(dataset("postgres://db:5432", "public.t")), List.of(dataset("a:b", "c")));
    assertThat(jobs.resolve(false, "postgres://db:5432:public.t")).isEqualTo(new Start(false, "postgres://db:5432",
        "public.t"));
    assertThat(jobs.resolve(true, "ns:j")).isEqualTo(new Start(true, "ns", "j"));
    complete("k", List.of(), List.of(dataset("a", "b:c")));
    assertThatThrownBy(() -> jobs.resolve(false, "a:b:c")).isInstanceOf(PedigreeException.class)
        .extracting(e -> ((PedigreeException) e).code()).isEqualTo(ErrorCode.INVALID_ARGUMENT);
    assertThatThrownBy(() -> jobs.resolve(false, "a:missing")).isInstanceOf(PedigreeException.class)
        .extracting(e -> ((PedigreeException) e).code()).isEqualTo(ErrorCode.NOT_FOUND);
    assertThatThrownBy(() -> jobs.graph(new Start(true, "ns", "nope"), null, null))
        .isInstanceOf(PedigreeException.class)
        .extracting(e -> ((PedigreeException) e).code()).isEqualTo(ErrorCode.NOT_FOUND);
  }
}
