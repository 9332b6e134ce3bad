WITH ops__support_agents_1 AS (
  SELECT
    support_agents.team AS agent_team,
    COUNT(support_agents.agent_id) AS agent_count
  FROM ops.support_agents AS support_agents
  GROUP BY
    support_agents.team
)
SELECT
  ops__support_agents_1.agent_team AS agent_team,
  ops__support_agents_1.agent_count AS agent_count
FROM ops__support_agents_1
ORDER BY
  agent_count DESC NULLS LAST,
  agent_team ASC
