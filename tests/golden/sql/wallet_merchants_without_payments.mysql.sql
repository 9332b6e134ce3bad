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
  CASE WHEN merchants.merchant_id IS NULL THEN 1 ELSE 0 END, merchants.merchant_id ASC,
  CASE WHEN merchants.merchant_name IS NULL THEN 1 ELSE 0 END, merchants.merchant_name ASC
LIMIT 1000
