WITH order_items_1 AS (
  SELECT
    stores.store_name AS store,
    SUM(
      order_items.quantity * order_items.unit_price * (
        1 - order_items.discount_pct
      )
    ) AS revenue,
    COUNT(DISTINCT order_items.order_id) AS order_count,
    SUM(order_items.quantity * products.unit_cost) AS cogs
  FROM order_items
  INNER JOIN orders AS orders
    ON orders.order_id = order_items.order_id
  LEFT JOIN products AS products
    ON products.product_id = order_items.product_id
  INNER JOIN stores AS stores
    ON stores.store_id = orders.store_id
  WHERE
    (
      orders.status = 'completed' AND NOT orders.is_test
    )
    AND orders.order_ts >= CAST('2026-03-01 00:00:00' AS DATETIME)
    AND orders.order_ts < CAST('2026-06-01 00:00:00' AS DATETIME)
    AND NOT stores.store_name IS NULL
  GROUP BY
    stores.store_name
), satisfaction_surveys_2 AS (
  SELECT
    stores.store_name AS store,
    COUNT(satisfaction_surveys.survey_id) AS nps_promoters
  FROM satisfaction_surveys
  INNER JOIN stores AS stores
    ON stores.store_id = satisfaction_surveys.store_id
  WHERE
    satisfaction_surveys.nps >= 9
    AND satisfaction_surveys.surveyed_on >= CAST('2026-03-01' AS DATE)
    AND satisfaction_surveys.surveyed_on < CAST('2026-06-01' AS DATE)
    AND NOT stores.store_name IS NULL
  GROUP BY
    stores.store_name
), satisfaction_surveys_3 AS (
  SELECT
    stores.store_name AS store,
    COUNT(satisfaction_surveys.survey_id) AS nps_detractors
  FROM satisfaction_surveys
  INNER JOIN stores AS stores
    ON stores.store_id = satisfaction_surveys.store_id
  WHERE
    satisfaction_surveys.nps <= 6
    AND satisfaction_surveys.surveyed_on >= CAST('2026-03-01' AS DATE)
    AND satisfaction_surveys.surveyed_on < CAST('2026-06-01' AS DATE)
    AND NOT stores.store_name IS NULL
  GROUP BY
    stores.store_name
), satisfaction_surveys_4 AS (
  SELECT
    stores.store_name AS store,
    COUNT(satisfaction_surveys.nps) AS nps_responses
  FROM satisfaction_surveys
  INNER JOIN stores AS stores
    ON stores.store_id = satisfaction_surveys.store_id
  WHERE
    satisfaction_surveys.surveyed_on >= CAST('2026-03-01' AS DATE)
    AND satisfaction_surveys.surveyed_on < CAST('2026-06-01' AS DATE)
    AND NOT stores.store_name IS NULL
  GROUP BY
    stores.store_name
), spine AS (
  SELECT
    store
  FROM order_items_1
  UNION DISTINCT
  SELECT
    store
  FROM satisfaction_surveys_2
  UNION DISTINCT
  SELECT
    store
  FROM satisfaction_surveys_3
  UNION DISTINCT
  SELECT
    store
  FROM satisfaction_surveys_4
)
SELECT
  spine.store AS store,
  CAST(order_items_1.revenue AS FLOAT64) / NULLIF(COALESCE(order_items_1.order_count, 0), 0) AS aov,
  order_items_1.revenue - order_items_1.cogs AS gross_margin,
  CAST(100 * (
    COALESCE(satisfaction_surveys_2.nps_promoters, 0) - COALESCE(satisfaction_surveys_3.nps_detractors, 0)
  ) AS FLOAT64) / NULLIF(COALESCE(satisfaction_surveys_4.nps_responses, 0), 0) AS nps,
  COALESCE(order_items_1.order_count, 0) AS order_count
FROM spine
LEFT JOIN order_items_1
  ON order_items_1.store IS NOT DISTINCT FROM spine.store
LEFT JOIN satisfaction_surveys_2
  ON satisfaction_surveys_2.store IS NOT DISTINCT FROM spine.store
LEFT JOIN satisfaction_surveys_3
  ON satisfaction_surveys_3.store IS NOT DISTINCT FROM spine.store
LEFT JOIN satisfaction_surveys_4
  ON satisfaction_surveys_4.store IS NOT DISTINCT FROM spine.store
WHERE
  (
    (
      (
        CAST(order_items_1.revenue AS FLOAT64) / NULLIF(COALESCE(order_items_1.order_count, 0), 0)
      ) > 150000
      AND (
        order_items_1.revenue - order_items_1.cogs
      ) > 1500000
    )
    AND (
      CAST(100 * (
        COALESCE(satisfaction_surveys_2.nps_promoters, 0) - COALESCE(satisfaction_surveys_3.nps_detractors, 0)
      ) AS FLOAT64) / NULLIF(COALESCE(satisfaction_surveys_4.nps_responses, 0), 0)
    ) >= 0
  )
  AND COALESCE(order_items_1.order_count, 0) >= 20
ORDER BY
  nps DESC,
  store ASC NULLS LAST
LIMIT 8
