WITH transactions_1 AS (
  SELECT
    merchants.merchant_name AS merchant_name,
    SUM(transactions.amount) AS txn_amount,
    COUNT(transactions.txn_id) AS txn_count
  FROM transactions
  INNER JOIN merchants AS merchants
    ON merchants.merchant_id = transactions.receiver_id
    AND (
      transactions.receiver_type = 'merchant'
    )
  WHERE
    NOT merchants.merchant_name IS NULL
  GROUP BY
    merchants.merchant_name
)
SELECT
  transactions_1.merchant_name AS merchant_name,
  transactions_1.txn_amount AS txn_amount,
  transactions_1.txn_count AS txn_count
FROM transactions_1
ORDER BY
  txn_amount DESC,
  merchant_name ASC
LIMIT 5
