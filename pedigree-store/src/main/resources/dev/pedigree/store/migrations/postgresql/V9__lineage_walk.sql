-- A breadth-first lineage walk inside the server: one call instead of one round trip per hop. It
-- reads what the walk hop by hop reads (the same statements on the event indexes) and returns each
-- hop's edges; the caller applies the walk's rules to them (which edges and nodes a result keeps,
-- the cap, shortest-path parents), so both ways give the same result.
--
-- Hop h (1, 2, ...) holds the events, of the given types and within [from_ms, to_ms] (NULL: open),
-- of the nodes first reached at hop h - 1 that are not boundary nodes (the starts for hop 1), as
-- parallel arrays. Events from an artifact have types in artifact_types, those from an execution
-- types in execution_types; the two sets do not overlap. Nodes reached count as reached here even
-- beyond max_nodes (a capped walk keeps fewer, a subset of these). It ends after max_hops, at the
-- first hop without events, after the hop that follows the first one to reach max_nodes nodes in
-- all (starts included), or after a hop by which stop_artifact or stop_execution (NULL: none) is
-- reached with at most max_nodes nodes.
--
-- Each hop runs one statement per node kind in the frontier. Their plans are made once per call
-- (force_generic_plan): planned afresh for every hop, as the default plan cache mode chooses here,
-- planning costs several times the statement. The visited sets are arrays, searched linearly for
-- each event read: cheap for walks of hundreds of nodes, and no worse than a round trip per hop for
-- walks of ten thousand.
CREATE FUNCTION lineage_walk(start_artifacts BIGINT[], start_executions BIGINT[], artifact_types INTEGER[],
    execution_types INTEGER[], from_ms BIGINT, to_ms BIGINT, boundary_artifacts BIGINT[],
    boundary_executions BIGINT[], max_hops INTEGER, max_nodes INTEGER, stop_artifact BIGINT,
    stop_execution BIGINT)
  RETURNS TABLE (hop INTEGER, artifact_ids BIGINT[], execution_ids BIGINT[], types INTEGER[], times BIGINT[])
  LANGUAGE plpgsql STABLE SET plan_cache_mode = force_generic_plan AS $$
DECLARE
  frontier_artifacts BIGINT[] := start_artifacts;
  frontier_executions BIGINT[] := start_executions;
  seen_artifacts BIGINT[] := start_artifacts;
  seen_executions BIGINT[] := start_executions;
  new_artifacts BIGINT[];
  new_executions BIGINT[];
  more_artifact_ids BIGINT[];
  more_execution_ids BIGINT[];
  more_types INTEGER[];
  more_times BIGINT[];
  last_hop BOOLEAN;
BEGIN
  FOR h IN 1..max_hops LOOP
    EXIT WHEN cardinality(frontier_artifacts) = 0 AND cardinality(frontier_executions) = 0;
    last_hop := cardinality(seen_artifacts) + cardinality(seen_executions) >= max_nodes;
    artifact_ids := NULL;
    new_executions := NULL;
    IF cardinality(frontier_artifacts) > 0 THEN
      SELECT array_agg(e.artifact_id), array_agg(e.execution_id), array_agg(e.type), array_agg(e.time_ms),
          array_agg(DISTINCT e.execution_id) FILTER (WHERE e.execution_id <> ALL (seen_executions))
        INTO artifact_ids, execution_ids, types, times, new_executions
        FROM event e
        WHERE e.artifact_id = ANY (frontier_artifacts) AND e.type = ANY (artifact_types)
          AND (from_ms IS NULL OR e.time_ms >= from_ms) AND (to_ms IS NULL OR e.time_ms <= to_ms);
    END IF;
    new_artifacts := NULL;
    IF cardinality(frontier_executions) > 0 THEN
      SELECT array_agg(e.artifact_id), array_agg(e.execution_id), array_agg(e.type), array_agg(e.time_ms),
          array_agg(DISTINCT e.artifact_id) FILTER (WHERE e.artifact_id <> ALL (seen_artifacts))
        INTO more_artifact_ids, more_execution_ids, more_types, more_times, new_artifacts
        FROM event e
        WHERE e.execution_id = ANY (frontier_executions) AND e.type = ANY (execution_types)
          AND (from_ms IS NULL OR e.time_ms >= from_ms) AND (to_ms IS NULL OR e.time_ms <= to_ms);
      IF artifact_ids IS NULL THEN
        artifact_ids := more_artifact_ids;
        execution_ids := more_execution_ids;
        types := more_types;
        times := more_times;
      ELSIF more_artifact_ids IS NOT NULL THEN
        artifact_ids := artifact_ids || more_artifact_ids;
        execution_ids := execution_ids || more_execution_ids;
        types := types || more_types;
        times := times || more_times;
      END IF;
    END IF;
    EXIT WHEN artifact_ids IS NULL;
    hop := h;
    RETURN NEXT;
    EXIT WHEN last_hop;
    frontier_artifacts := coalesce(new_artifacts, '{}');
    frontier_executions := coalesce(new_executions, '{}');
    seen_artifacts := seen_artifacts || frontier_artifacts;
    seen_executions := seen_executions || frontier_executions;
    EXIT WHEN (stop_artifact = ANY (seen_artifacts) OR stop_execution = ANY (seen_executions))
      AND cardinality(seen_artifacts) + cardinality(seen_executions) <= max_nodes;
    IF cardinality(boundary_artifacts) > 0 THEN
      frontier_artifacts := ARRAY(SELECT n FROM unnest(frontier_artifacts) n WHERE n <> ALL (boundary_artifacts));
    END IF;
    IF cardinality(boundary_executions) > 0 THEN
      frontier_executions := ARRAY(SELECT n FROM unnest(frontier_executions) n WHERE n <> ALL (boundary_executions));
    END IF;
  END LOOP;
END
$$;
