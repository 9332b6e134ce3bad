WITH transactions_1 AS (
  SELECT
    transactions.status AS txn_status,
    PERCENTILE_CONT(0.9) WITHIN GROUP (ORDER BY
      CAST(transactions.amount AS DOUBLE)) AS amount_p90,
    PERCENTILE_CONT(0.5) WITHIN GROUP (ORDER BY
      CAST(transactions.amount AS DOUBLE)) AS median_amount
  FROM transactions
  GROUP BY
    transactions.status
)
SELECT
  transactions_1.txn_status AS txn_status,
  transactions_1.amount_p90 AS amount_p90,
  transactions_1.median_amount AS median_amount
FROM transactions_1
ORDER BY
  amount_p90 DESC NULLS LAST,
  txn_status ASC
