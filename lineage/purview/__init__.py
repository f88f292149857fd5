"""Publishing the catalog to Microsoft Purview (Data Map, Atlas v2): no Dagster imports."""
