"""dbt MetricFlow ⇄ askbi: reading a dbt project, mapping it, and writing one back."""
