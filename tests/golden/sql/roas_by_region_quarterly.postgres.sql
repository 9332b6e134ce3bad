WITH order_items_1 AS (
  SELECT
    regions.region_name AS region,
    CAST(DATE_TRUNC('QUARTER', CAST(orders.order_ts AS DATE)) AS DATE) AS quarter,
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
    AND orders.order_ts >= CAST('2025-04-01 00:00:00' AS TIMESTAMP)
    AND orders.order_ts < CAST('2026-04-01 00:00:00' AS TIMESTAMP)
  GROUP BY
    regions.region_name,
    CAST(DATE_TRUNC('QUARTER', CAST(orders.order_ts AS DATE)) AS DATE)
), marketing_spend_2 AS (
  SELECT
    regions.region_name AS region,
    CAST(DATE_TRUNC('QUARTER', CAST(marketing_spend.spend_date AS DATE)) AS DATE) AS quarter,
    SUM(marketing_spend.amount) AS marketing_spend
  FROM marketing_spend
  INNER JOIN regions AS regions
    ON regions.region_id = marketing_spend.region_id
  WHERE
    marketing_spend.spend_date >= CAST('2025-04-01' AS DATE)
    AND marketing_spend.spend_date < CAST('2026-04-01' AS DATE)
  GROUP BY
    regions.region_name,
    CAST(DATE_TRUNC('QUARTER', CAST(marketing_spend.spend_date AS DATE)) AS DATE)
), spine AS (
  SELECT
    region,
    quarter
  FROM order_items_1
  UNION
  SELECT
    region,
    quarter
  FROM marketing_spend_2
)
SELECT
  spine.region AS region,
  spine.quarter AS quarter,
  CAST(order_items_1.revenue AS DOUBLE PRECISION) / NULLIF(marketing_spend_2.marketing_spend, 0) AS roas
FROM spine
LEFT JOIN order_items_1
  ON order_items_1.region IS NOT DISTINCT FROM spine.region
  AND order_items_1.quarter IS NOT DISTINCT FROM spine.quarter
LEFT JOIN marketing_spend_2
  ON marketing_spend_2.region IS NOT DISTINCT FROM spine.region
  AND marketing_spend_2.quarter IS NOT DISTINCT FROM spine.quarter
ORDER BY
  quarter ASC,
  region ASC
