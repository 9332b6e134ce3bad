WITH balances_1 AS (
  SELECT
    CAST(DATE_TRUNC(CAST(balances.day AS DATE), MONTH) AS DATE) AS month,
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
        AND CAST(DATE_TRUNC(CAST(balances__latest.day AS DATE), MONTH) AS DATE) = CAST(DATE_TRUNC(CAST(balances.day AS DATE), MONTH) AS DATE)
    )
  GROUP BY
    CAST(DATE_TRUNC(CAST(balances.day AS DATE), MONTH) AS DATE)
), balances_2 AS (
  SELECT
    CAST(DATE_TRUNC(CAST(balances.day AS DATE), MONTH) AS DATE) AS month,
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
        AND CAST(DATE_TRUNC(CAST(balances__earliest.day AS DATE), MONTH) AS DATE) = CAST(DATE_TRUNC(CAST(balances.day AS DATE), MONTH) AS DATE)
    )
  GROUP BY
    CAST(DATE_TRUNC(CAST(balances.day AS DATE), MONTH) AS DATE)
), spine AS (
  SELECT
    month
  FROM balances_1
  UNION DISTINCT
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
  ON balances_1.month IS NOT DISTINCT FROM spine.month
LEFT JOIN balances_2
  ON balances_2.month IS NOT DISTINCT FROM spine.month
ORDER BY
  month ASC NULLS LAST
