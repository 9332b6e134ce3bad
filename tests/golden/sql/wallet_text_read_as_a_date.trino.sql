WITH transactions_1 AS (
  SELECT
    CAST(DATE_TRUNC('MONTH', CAST(DATE_PARSE(transactions.settled_on, '%Y%m%d') AS DATE)) AS DATE) AS month,
    SUM(transactions.amount) AS settled_amount
  FROM transactions
  WHERE
    CAST(DATE_PARSE(transactions.settled_on, '%Y%m%d') AS DATE) >= CAST('2026-01-01' AS DATE)
    AND CAST(DATE_PARSE(transactions.settled_on, '%Y%m%d') AS DATE) < CAST('2026-07-01' AS DATE)
  GROUP BY
    CAST(DATE_TRUNC('MONTH', CAST(DATE_PARSE(transactions.settled_on, '%Y%m%d') AS DATE)) AS DATE)
)
SELECT
  transactions_1.month AS month,
  transactions_1.settled_amount AS settled_amount
FROM transactions_1
ORDER BY
  month ASC
