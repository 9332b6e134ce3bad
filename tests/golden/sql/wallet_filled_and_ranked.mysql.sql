WITH transactions_1 AS (
  SELECT
    merchants.category AS merchant_category,
    SUM(transactions.amount) AS txn_amount,
    COUNT(transactions.txn_id) AS txn_count
  FROM transactions
  INNER JOIN merchants AS merchants
    ON merchants.merchant_id = transactions.receiver_id
    AND (
      transactions.receiver_type = 'merchant'
    )
  WHERE
    NOT merchants.category IS NULL
  GROUP BY
    merchants.category
), spine AS (
  SELECT
    merchant_category
  FROM (
    SELECT DISTINCT
      merchants.category AS merchant_category
    FROM merchants AS merchants
    WHERE
      NOT merchants.category IS NULL
  ) AS fill_1
)
SELECT
  spine.merchant_category AS merchant_category,
  COALESCE(transactions_1.txn_amount, 0) AS txn_amount,
  COALESCE(transactions_1.txn_count, 0) AS txn_count,
  RANK() OVER (ORDER BY COALESCE(transactions_1.txn_amount, 0) DESC) AS txn_amount_rank
FROM spine
LEFT JOIN transactions_1
  ON transactions_1.merchant_category <=> spine.merchant_category
ORDER BY
  txn_amount DESC,
  CASE WHEN spine.merchant_category IS NULL THEN 1 ELSE 0 END, spine.merchant_category ASC
