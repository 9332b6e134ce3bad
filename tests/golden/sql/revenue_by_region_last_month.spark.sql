WITH order_items_1 AS (
  SELECT
    regions.region_name AS region,
    SUM(
      order_items.quantity * order_items.unit_price * (
        1 - order_items.discount_pct
      )
    ) AS revenue
  FROM order_items
  INNER JOIN orders AS orders
    ON orders.order_id = order_items.order_id
  INNER JOIN stores AS stores
    ON stores.store_id = orders.store_id
  INNER JOIN regions AS regions
    ON regions.region_id = stores.region_id
  WHERE
    (
      orders.status = 'completed' AND NOT orders.is_test
    )
    AND orders.order_ts >= CAST('2026-05-01 00:00:00' AS TIMESTAMP)
    AND orders.order_ts < CAST('2026-06-01 00:00:00' AS TIMESTAMP)
  GROUP BY
    regions.region_name
)
SELECT
  order_items_1.region AS region,
  order_items_1.revenue AS revenue
FROM order_items_1
ORDER BY
  revenue DESC,
  region ASC NULLS LAST
