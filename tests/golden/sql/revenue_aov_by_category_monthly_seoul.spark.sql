WITH order_items_1 AS (
  SELECT
    products.category AS category,
    CAST(TRUNC(CAST(orders.order_ts AS DATE), 'MONTH') AS DATE) AS month,
    SUM(
      order_items.quantity * order_items.unit_price * (
        1 - order_items.discount_pct
      )
    ) AS revenue,
    COUNT(DISTINCT order_items.order_id) AS order_count
  FROM order_items
  LEFT JOIN orders AS orders
    ON orders.order_id = order_items.order_id
  INNER JOIN products AS products
    ON products.product_id = order_items.product_id
  LEFT JOIN stores AS stores
    ON stores.store_id = orders.store_id
  LEFT JOIN regions AS regions
    ON regions.region_id = stores.region_id
  WHERE
    (
      orders.status = 'completed' AND NOT orders.is_test
    )
    AND orders.order_ts >= CAST('2025-01-01 00:00:00' AS TIMESTAMP)
    AND orders.order_ts < CAST('2026-01-01 00:00:00' AS TIMESTAMP)
    AND regions.region_name = 'Seoul'
  GROUP BY
    products.category,
    CAST(TRUNC(CAST(orders.order_ts AS DATE), 'MONTH') AS DATE)
)
SELECT
  order_items_1.category AS category,
  order_items_1.month AS month,
  CAST(order_items_1.revenue AS DOUBLE) / NULLIF(order_items_1.order_count, 0) AS aov,
  order_items_1.revenue AS revenue
FROM order_items_1
ORDER BY
  month ASC NULLS LAST,
  category ASC NULLS LAST
