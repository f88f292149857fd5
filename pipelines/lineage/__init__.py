"""AI workloads as Dagster assets: the asset graph is the AI data lineage map."""
