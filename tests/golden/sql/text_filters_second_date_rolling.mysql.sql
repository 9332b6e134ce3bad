WITH order_items_1 AS (
  SELECT
    regions.region_name AS region,
    stores.channel AS store_channel,
    COUNT(DISTINCT order_items.order_id) AS order_count,
    SUM(
      order_items.quantity * order_items.unit_price * (
        1 - order_items.discount_pct
      )
    ) AS revenue
  FROM order_items
  INNER JOIN orders AS orders
    ON orders.order_id = order_items.order_id
  LEFT JOIN products AS products
    ON products.product_id = order_items.product_id
  LEFT JOIN customers AS customers
    ON customers.customer_id = orders.customer_id
  INNER JOIN stores AS stores
    ON stores.store_id = orders.store_id
  INNER JOIN regions AS regions
    ON regions.region_id = stores.region_id
  WHERE
    (
      orders.status = 'completed' AND NOT orders.is_test
    )
    AND orders.order_ts >= CAST('2026-04-02 00:00:00' AS DATETIME)
    AND orders.order_ts < CAST('2026-07-01 00:00:00' AS DATETIME)
    AND (
      RIGHT(products.brand, 4) = 'Home' OR RIGHT(products.brand, 1) = 'a'
    )
    AND customers.segment <> 'business'
    AND (
      LEFT(regions.region_name, 2) = 'Bu'
      OR LEFT(regions.region_name, 2) = 'In'
      OR LEFT(regions.region_name, 2) = 'Se'
    )
    AND (
      LOCATE(LOWER('ONLINE'), LOWER(stores.store_name)) > 0
      OR LOCATE(LOWER('gang'), LOWER(stores.store_name)) > 0
    )
    AND customers.signup_date >= CAST('2020-01-01' AS DATE)
    AND customers.signup_date < CAST('2026-01-01' AS DATE)
  GROUP BY
    regions.region_name,
    stores.channel
)
SELECT
  order_items_1.region AS region,
  order_items_1.store_channel AS store_channel,
  order_items_1.order_count AS order_count,
  order_items_1.revenue AS revenue
FROM order_items_1
ORDER BY
  CASE WHEN order_items_1.store_channel IS NULL THEN 1 ELSE 0 END, order_items_1.store_channel ASC,
  revenue DESC,
  CASE WHEN order_items_1.region IS NULL THEN 1 ELSE 0 END, order_items_1.region ASC
