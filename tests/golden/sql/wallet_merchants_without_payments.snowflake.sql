SELECT DISTINCT
  merchants.merchant_id AS merchant_id,
  merchants.merchant_name AS merchant_name
FROM merchants
WHERE
  NOT EXISTS(
    SELECT
      1
    FROM transactions AS without__transactions
    WHERE
      without__transactions.receiver_id = merchants.merchant_id
      AND (
        without__transactions.receiver_type = 'merchant'
      )
  )
ORDER BY
  merchant_id ASC,
  merchant_name ASC
LIMIT 1000
