WITH orders_1 AS (
  SELECT
    CAST(DATE_TRUNC('WEEK', CAST(orders.order_ts AS DATE)) AS DATE) AS week,
    COUNT(DISTINCT orders.order_id) AS online_orders
  FROM orders
  LEFT JOIN stores AS stores
    ON stores.store_id = orders.store_id
  WHERE
    (
      stores.channel = 'online' AND NOT orders.is_test
    )
    AND orders.order_ts >= CAST('2026-06-01 00:00:00' AS TIMESTAMP)
    AND orders.order_ts < CAST('2026-06-29 00:00:00' AS TIMESTAMP)
    AND stores.channel <> 'retail'
  GROUP BY
    CAST(DATE_TRUNC('WEEK', CAST(orders.order_ts AS DATE)) AS DATE)
), web_sessions_2 AS (
  SELECT
    CAST(DATE_TRUNC('WEEK', CAST(web_sessions.session_date AS DATE)) AS DATE) AS week,
    SUM(web_sessions.sessions) AS sessions
  FROM web_sessions
  LEFT JOIN stores AS stores
    ON stores.store_id = web_sessions.store_id
  WHERE
    web_sessions.session_date >= CAST('2026-06-01' AS DATE)
    AND web_sessions.session_date < CAST('2026-06-29' AS DATE)
    AND stores.channel <> 'retail'
  GROUP BY
    CAST(DATE_TRUNC('WEEK', CAST(web_sessions.session_date AS DATE)) AS DATE)
), order_items_3 AS (
  SELECT
    CAST(DATE_TRUNC('WEEK', CAST(orders.order_ts AS DATE)) AS DATE) AS week,
    SUM(
      order_items.quantity * order_items.unit_price * (
        1 - order_items.discount_pct
      )
    ) AS revenue,
    SUM(order_items.quantity * products.unit_cost) AS cogs
  FROM order_items
  LEFT JOIN orders AS orders
    ON orders.order_id = order_items.order_id
  LEFT JOIN products AS products
    ON products.product_id = order_items.product_id
  LEFT JOIN stores AS stores
    ON stores.store_id = orders.store_id
  WHERE
    (
      orders.status = 'completed' AND NOT orders.is_test
    )
    AND orders.order_ts >= CAST('2026-06-01 00:00:00' AS TIMESTAMP)
    AND orders.order_ts < CAST('2026-06-29 00:00:00' AS TIMESTAMP)
    AND stores.channel <> 'retail'
  GROUP BY
    CAST(DATE_TRUNC('WEEK', CAST(orders.order_ts AS DATE)) AS DATE)
), orders_4 AS (
  SELECT
    CAST(DATE_TRUNC('WEEK', CAST(orders.order_ts AS DATE)) AS DATE) AS week,
    COUNT(DISTINCT orders.order_id) AS returned_orders
  FROM orders
  LEFT JOIN stores AS stores
    ON stores.store_id = orders.store_id
  WHERE
    (
      orders.status = 'returned' AND NOT orders.is_test
    )
    AND orders.order_ts >= CAST('2026-06-01 00:00:00' AS TIMESTAMP)
    AND orders.order_ts < CAST('2026-06-29 00:00:00' AS TIMESTAMP)
    AND stores.channel <> 'retail'
  GROUP BY
    CAST(DATE_TRUNC('WEEK', CAST(orders.order_ts AS DATE)) AS DATE)
), orders_5 AS (
  SELECT
    CAST(DATE_TRUNC('WEEK', CAST(orders.order_ts AS DATE)) AS DATE) AS week,
    COUNT(DISTINCT orders.order_id) AS fulfilled_orders
  FROM orders
  LEFT JOIN stores AS stores
    ON stores.store_id = orders.store_id
  WHERE
    (
      orders.status IN ('completed', 'returned') AND NOT orders.is_test
    )
    AND orders.order_ts >= CAST('2026-06-01 00:00:00' AS TIMESTAMP)
    AND orders.order_ts < CAST('2026-06-29 00:00:00' AS TIMESTAMP)
    AND stores.channel <> 'retail'
  GROUP BY
    CAST(DATE_TRUNC('WEEK', CAST(orders.order_ts AS DATE)) AS DATE)
), spine AS (
  SELECT
    week
  FROM orders_1
  UNION
  SELECT
    week
  FROM web_sessions_2
  UNION
  SELECT
    week
  FROM order_items_3
  UNION
  SELECT
    week
  FROM orders_4
  UNION
  SELECT
    week
  FROM orders_5
)
SELECT
  spine.week AS week,
  CAST(COALESCE(orders_1.online_orders, 0) AS DOUBLE) / NULLIF(web_sessions_2.sessions, 0) AS conversion_rate,
  CAST(order_items_3.revenue - order_items_3.cogs AS DOUBLE) / NULLIF(order_items_3.revenue, 0) AS gross_margin_pct,
  CAST(COALESCE(orders_4.returned_orders, 0) AS DOUBLE) / NULLIF(COALESCE(orders_5.fulfilled_orders, 0), 0) AS return_rate
FROM spine
LEFT JOIN orders_1
  ON orders_1.week IS NOT DISTINCT FROM spine.week
LEFT JOIN web_sessions_2
  ON web_sessions_2.week IS NOT DISTINCT FROM spine.week
LEFT JOIN order_items_3
  ON order_items_3.week IS NOT DISTINCT FROM spine.week
LEFT JOIN orders_4
  ON orders_4.week IS NOT DISTINCT FROM spine.week
LEFT JOIN orders_5
  ON orders_5.week IS NOT DISTINCT FROM spine.week
ORDER BY
  week ASC
