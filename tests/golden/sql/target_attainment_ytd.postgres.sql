WITH order_items_1 AS (
  SELECT
    regions.region_name AS region,
    CAST(DATE_TRUNC('MONTH', CAST(orders.order_ts AS DATE)) AS DATE) AS month,
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
    AND orders.order_ts >= CAST('2026-01-01 00:00:00' AS TIMESTAMP)
    AND orders.order_ts < CAST('2026-07-01 00:00:00' AS TIMESTAMP)
  GROUP BY
    regions.region_name,
    CAST(DATE_TRUNC('MONTH', CAST(orders.order_ts AS DATE)) AS DATE)
), revenue_targets_2 AS (
  SELECT
    regions.region_name AS region,
    CAST(DATE_TRUNC('MONTH', CAST(revenue_targets.month AS DATE)) AS DATE) AS month,
    SUM(revenue_targets.target_amount) AS revenue_target
  FROM revenue_targets
  INNER JOIN regions AS regions
    ON regions.region_id = revenue_targets.region_id
  WHERE
    revenue_targets.month >= CAST('2026-01-01' AS DATE)
    AND revenue_targets.month < CAST('2026-07-01' AS DATE)
  GROUP BY
    regions.region_name,
    CAST(DATE_TRUNC('MONTH', CAST(revenue_targets.month AS DATE)) AS DATE)
), spine AS (
  SELECT
    region,
    month
  FROM order_items_1
  UNION
  SELECT
    region,
    month
  FROM revenue_targets_2
)
SELECT
  spine.region AS region,
  spine.month AS month,
  CAST(order_items_1.revenue AS DOUBLE PRECISION) / NULLIF(revenue_targets_2.revenue_target, 0) AS revenue_target_attainment
FROM spine
LEFT JOIN order_items_1
  ON order_items_1.region IS NOT DISTINCT FROM spine.region
  AND order_items_1.month IS NOT DISTINCT FROM spine.month
LEFT JOIN revenue_targets_2
  ON revenue_targets_2.region IS NOT DISTINCT FROM spine.region
  AND revenue_targets_2.month IS NOT DISTINCT FROM spine.month
ORDER BY
  month ASC,
  region ASC
