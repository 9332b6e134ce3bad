WITH transactions_1 AS (
  SELECT
    users.country AS sender_country,
    SUM(transactions.amount) AS txn_amount
  FROM transactions
  LEFT JOIN merchants AS merchants
    ON merchants.merchant_id = transactions.receiver_id
    AND (
      transactions.receiver_type = 'merchant'
    )
  INNER JOIN users AS users
    ON users.user_id = transactions.sender_id
    AND (
      transactions.sender_type = 'user'
    )
  WHERE
    (
      transactions.status = 'completed' OR merchants.category = 'food'
    )
  GROUP BY
    users.country
), transactions_2 AS (
  SELECT
    users.country AS sender_country,
    SUM(transactions.amount) AS weekend_amount
  FROM transactions
  LEFT JOIN merchants AS merchants
    ON merchants.merchant_id = transactions.receiver_id
    AND (
      transactions.receiver_type = 'merchant'
    )
  INNER JOIN users AS users
    ON users.user_id = transactions.sender_id
    AND (
      transactions.sender_type = 'user'
    )
  WHERE
    (
      transactions.status = 'completed' OR merchants.category = 'food'
    )
    AND DAYOFWEEKISO(CAST(transactions.created_at AS DATE)) IN (6, 7) = TRUE
  GROUP BY
    users.country
), spine AS (
  SELECT
    sender_country
  FROM transactions_1
  UNION
  SELECT
    sender_country
  FROM transactions_2
)
SELECT
  spine.sender_country AS sender_country,
  transactions_1.txn_amount AS txn_amount,
  transactions_2.weekend_amount AS weekend_amount
FROM spine
LEFT JOIN transactions_1
  ON transactions_1.sender_country IS NOT DISTINCT FROM spine.sender_country
LEFT JOIN transactions_2
  ON transactions_2.sender_country IS NOT DISTINCT FROM spine.sender_country
ORDER BY
  txn_amount DESC NULLS LAST,
  sender_country ASC
