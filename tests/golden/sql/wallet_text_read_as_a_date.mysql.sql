WITH transactions_1 AS (
  SELECT
    CAST(STR_TO_DATE(
      CONCAT(YEAR(CAST(STR_TO_DATE(transactions.settled_on, '%Y%m%d') AS DATE)), ' ', MONTH(CAST(STR_TO_DATE(transactions.settled_on, '%Y%m%d') AS DATE)), ' 1'),
      '%Y %c %e'
    ) AS DATE) AS month,
    SUM(transactions.amount) AS settled_amount
  FROM transactions
  WHERE
    CAST(STR_TO_DATE(transactions.settled_on, '%Y%m%d') AS DATE) >= CAST('2026-01-01' AS DATE)
    AND CAST(STR_TO_DATE(transactions.settled_on, '%Y%m%d') AS DATE) < CAST('2026-07-01' AS DATE)
  GROUP BY
    CAST(STR_TO_DATE(
      CONCAT(YEAR(CAST(STR_TO_DATE(transactions.settled_on, '%Y%m%d') AS DATE)), ' ', MONTH(CAST(STR_TO_DATE(transactions.settled_on, '%Y%m%d') AS DATE)), ' 1'),
      '%Y %c %e'
    ) AS DATE)
)
SELECT
  transactions_1.month AS month,
  transactions_1.settled_amount AS settled_amount
FROM transactions_1
ORDER BY
  CASE WHEN transactions_1.month IS NULL THEN 1 ELSE 0 END, transactions_1.month ASC
