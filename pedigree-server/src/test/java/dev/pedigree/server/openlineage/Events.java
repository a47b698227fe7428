package dev.pedigree.server.openlineage;

import java.util.List;
import java.util.UUID;

/** OpenLineage events as producers send them, for tests. */
public final class Events {
  private Events() {}

  public static String dataset(String namespace, String name) {
    return "{\"namespace\":\"" + namespace + "\",\"name\":\"" + name + "\",\"facets\":{\"schema\":{\"_producer\":\"p\","
        + "\"_schemaURL\":\"https://openlineage.io/spec/facets/1-1-1/SchemaDatasetFacet.json\",\"fields\":[{\"name\":\"id\",\"type\":\"int\"}]}}}";
  }

  public static String run(String runId, String eventType, String time, String jobNamespace, String job,
      List<String> inputs, List<String> outputs) {
    return "{\"eventType\":\"" + eventType + "\",\"eventTime\":\"" + time + "\",\"producer\":\"https://example.com/test\","
        + "\"schemaURL\":\"https://openlineage.io/spec/2-0-2/OpenLineage.json#/$defs/RunEvent\","
        + "\"run\":{\"runId\":\"" + runId + "\",\"facets\":{}},"
        + "\"job\":{\"namespace\":\"" + jobNamespace + "\",\"name\":\"" + job + "\",\"facets\":{}},"
        + "\"inputs\":[" + String.join(",", inputs) + "],\"outputs\":[" + String.join(",", outputs) + "]}";
  }

  public static String newRunId() {
    return UUID.randomUUID().toString();
  }
}
