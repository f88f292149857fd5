"""AI workloads, lineage, boundaries and drift: which workload reads which data. No Dagster."""
