WITH order_items_1 AS (
  SELECT
    products.product_name AS product,
    SUM(
      order_items.quantity * order_items.unit_price * (
        1 - order_items.discount_pct
      )
    ) AS revenue
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
    AND orders.order_ts >= CAST('2026-01-01 00:00:00' AS DATETIME)
    AND orders.order_ts < CAST('2026-04-01 00:00:00' AS DATETIME)
    AND regions.region_name = 'Seoul'
    AND NOT products.product_name IS NULL
  GROUP BY
    products.product_name
)
SELECT
  order_items_1.product AS product,
  order_items_1.revenue AS revenue
FROM order_items_1
ORDER BY
  revenue DESC,
  product ASC NULLS LAST
LIMIT 5
