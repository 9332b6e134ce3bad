WITH balances_1 AS (
  SELECT
    CAST(STR_TO_DATE(
      CONCAT(YEAR(CAST(balances.day AS DATE)), ' ', MONTH(CAST(balances.day AS DATE)), ' 1'),
      '%Y %c %e'
    ) AS DATE) AS month,
    SUM(balances.balance) AS balance
  FROM balances
  WHERE
    balances.day >= CAST('2026-04-01' AS DATE)
    AND balances.day < CAST('2026-07-01' AS DATE)
    AND balances.day = (
      SELECT
        MAX(balances__latest.day)
      FROM balances AS balances__latest
      WHERE
        balances__latest.user_id = balances.user_id
        AND balances__latest.day >= CAST('2026-04-01' AS DATE)
        AND balances__latest.day < CAST('2026-07-01' AS DATE)
        AND CAST(STR_TO_DATE(
          CONCAT(YEAR(CAST(balances__latest.day AS DATE)), ' ', MONTH(CAST(balances__latest.day AS DATE)), ' 1'),
          '%Y %c %e'
        ) AS DATE) = CAST(STR_TO_DATE(
          CONCAT(YEAR(CAST(balances.day AS DATE)), ' ', MONTH(CAST(balances.day AS DATE)), ' 1'),
          '%Y %c %e'
        ) AS DATE)
    )
  GROUP BY
    CAST(STR_TO_DATE(
      CONCAT(YEAR(CAST(balances.day AS DATE)), ' ', MONTH(CAST(balances.day AS DATE)), ' 1'),
      '%Y %c %e'
    ) AS DATE)
), balances_2 AS (
  SELECT
    CAST(STR_TO_DATE(
      CONCAT(YEAR(CAST(balances.day AS DATE)), ' ', MONTH(CAST(balances.day AS DATE)), ' 1'),
      '%Y %c %e'
    ) AS DATE) AS month,
    MIN(balances.balance) AS first_balance_day
  FROM balances
  WHERE
    balances.day >= CAST('2026-04-01' AS DATE)
    AND balances.day < CAST('2026-07-01' AS DATE)
    AND balances.day = (
      SELECT
        MIN(balances__earliest.day)
      FROM balances AS balances__earliest
      WHERE
        balances__earliest.user_id = balances.user_id
        AND balances__earliest.day >= CAST('2026-04-01' AS DATE)
        AND balances__earliest.day < CAST('2026-07-01' AS DATE)
        AND CAST(STR_TO_DATE(
          CONCAT(YEAR(CAST(balances__earliest.day AS DATE)), ' ', MONTH(CAST(balances__earliest.day AS DATE)), ' 1'),
          '%Y %c %e'
        ) AS DATE) = CAST(STR_TO_DATE(
          CONCAT(YEAR(CAST(balances.day AS DATE)), ' ', MONTH(CAST(balances.day AS DATE)), ' 1'),
          '%Y %c %e'
        ) AS DATE)
    )
  GROUP BY
    CAST(STR_TO_DATE(
      CONCAT(YEAR(CAST(balances.day AS DATE)), ' ', MONTH(CAST(balances.day AS DATE)), ' 1'),
      '%Y %c %e'
    ) AS DATE)
), spine AS (
  SELECT
    month
  FROM balances_1
  UNION
  SELECT
    month
  FROM balances_2
)
SELECT
  spine.month AS month,
  balances_1.balance AS balance,
  balances_2.first_balance_day AS first_balance_day
FROM spine
LEFT JOIN balances_1
  ON balances_1.month <=> spine.month
LEFT JOIN balances_2
  ON balances_2.month <=> spine.month
ORDER BY
  CASE WHEN spine.month IS NULL THEN 1 ELSE 0 END, spine.month ASC
