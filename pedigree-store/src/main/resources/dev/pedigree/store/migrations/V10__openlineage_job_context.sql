-- The job-level lineage graph (jobs and datasets, as Marquez draws it) goes from a run's job
-- context to its OpenLineage job identity.
CREATE INDEX openlineage_job_context ON openlineage_job (context_id);
