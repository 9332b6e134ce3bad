WITH order_items_1 AS (
  SELECT
    regions.region_name AS region,
    CAST(STR_TO_DATE(
      CONCAT(YEAR(CAST(orders.order_ts AS DATE)), ' ', QUARTER(CAST(orders.order_ts AS DATE)) * 3 - 2, ' 1'),
      '%Y %c %e'
    ) AS DATE) AS quarter,
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
    AND orders.order_ts >= CAST('2025-04-01 00:00:00' AS DATETIME)
    AND orders.order_ts < CAST('2026-04-01 00:00:00' AS DATETIME)
  GROUP BY
    regions.region_name,
    CAST(STR_TO_DATE(
      CONCAT(YEAR(CAST(orders.order_ts AS DATE)), ' ', QUARTER(CAST(orders.order_ts AS DATE)) * 3 - 2, ' 1'),
      '%Y %c %e'
    ) AS DATE)
), marketing_spend_2 AS (
  SELECT
    regions.region_name AS region,
    CAST(STR_TO_DATE(
      CONCAT(YEAR(CAST(marketing_spend.spend_date AS DATE)), ' ', QUARTER(CAST(marketing_spend.spend_date AS DATE)) * 3 - 2, ' 1'),
      '%Y %c %e'
    ) AS DATE) AS quarter,
    SUM(marketing_spend.amount) AS marketing_spend
  FROM marketing_spend
  INNER JOIN regions AS regions
    ON regions.region_id = marketing_spend.region_id
  WHERE
    marketing_spend.spend_date >= CAST('2025-04-01' AS DATE)
    AND marketing_spend.spend_date < CAST('2026-04-01' AS DATE)
  GROUP BY
    regions.region_name,
    CAST(STR_TO_DATE(
      CONCAT(YEAR(CAST(marketing_spend.spend_date AS DATE)), ' ', QUARTER(CAST(marketing_spend.spend_date AS DATE)) * 3 - 2, ' 1'),
      '%Y %c %e'
    ) AS DATE)
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
  CAST(order_items_1.revenue AS DOUBLE) / NULLIF(marketing_spend_2.marketing_spend, 0) AS roas
FROM spine
LEFT JOIN order_items_1
  ON order_items_1.region <=> spine.region AND order_items_1.quarter <=> spine.quarter
LEFT JOIN marketing_spend_2
  ON marketing_spend_2.region <=> spine.region
  AND marketing_spend_2.quarter <=> spine.quarter
ORDER BY
  CASE WHEN spine.quarter IS NULL THEN 1 ELSE 0 END, spine.quarter ASC,
  CASE WHEN spine.region IS NULL THEN 1 ELSE 0 END, spine.region ASC
