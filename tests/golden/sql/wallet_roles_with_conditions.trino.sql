WITH transactions_1 AS (
  SELECT
    receiver_user.country AS receiver_country,
    sender_user.country AS sender_country,
    SUM(transactions.amount) AS txn_amount
  FROM transactions
  INNER JOIN users AS receiver_user
    ON receiver_user.user_id = transactions.receiver_id
    AND (
      transactions.receiver_type = 'user'
    )
  INNER JOIN users AS sender_user
    ON sender_user.user_id = transactions.sender_id
    AND (
      transactions.sender_type = 'user'
    )
  WHERE
    transactions.status = 'completed'
  GROUP BY
    receiver_user.country,
    sender_user.country
)
SELECT
  transactions_1.receiver_country AS receiver_country,
  transactions_1.sender_country AS sender_country,
  transactions_1.txn_amount AS txn_amount
FROM transactions_1
ORDER BY
  txn_amount DESC,
  receiver_country ASC,
  sender_country ASC
