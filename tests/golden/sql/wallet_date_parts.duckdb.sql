WITH transactions_1 AS (
  SELECT
    ISODOW(CAST(transactions.created_at AS DATE)) AS created_at__day_of_week,
    ISODOW(CAST(transactions.created_at AS DATE)) IN (6, 7) AS created_at__is_weekend,
    COUNT(transactions.txn_id) AS txn_count
  FROM transactions
  WHERE
    transactions.created_at >= CAST('2026-03-01 00:00:00' AS TIMESTAMP)
    AND transactions.created_at < CAST('2026-06-01 00:00:00' AS TIMESTAMP)
    AND EXTRACT(HOUR FROM transactions.created_at) >= 12
  GROUP BY
    ISODOW(CAST(transactions.created_at AS DATE)),
    ISODOW(CAST(transactions.created_at AS DATE)) IN (6, 7)
)
SELECT
  transactions_1.created_at__day_of_week AS created_at__day_of_week,
  transactions_1.created_at__is_weekend AS created_at__is_weekend,
  transactions_1.txn_count AS txn_count
FROM transactions_1
ORDER BY
  txn_count DESC,
  created_at__day_of_week ASC,
  created_at__is_weekend ASC
