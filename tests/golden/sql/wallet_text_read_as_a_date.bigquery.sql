WITH transactions_1 AS (
  SELECT
    CAST(DATE_TRUNC(CAST(PARSE_TIMESTAMP('%Y%m%d', transactions.settled_on) AS DATE), MONTH) AS DATE) AS month,
    SUM(transactions.amount) AS settled_amount
  FROM transactions
  WHERE
    CAST(PARSE_TIMESTAMP('%Y%m%d', transactions.settled_on) AS DATE) >= CAST('2026-01-01' AS DATE)
    AND CAST(PARSE_TIMESTAMP('%Y%m%d', transactions.settled_on) AS DATE) < CAST('2026-07-01' AS DATE)
  GROUP BY
    CAST(DATE_TRUNC(CAST(PARSE_TIMESTAMP('%Y%m%d', transactions.settled_on) AS DATE), MONTH) AS DATE)
)
SELECT
  transactions_1.month AS month,
  transactions_1.settled_amount AS settled_amount
FROM transactions_1
ORDER BY
  month ASC NULLS LAST
