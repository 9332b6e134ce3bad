WITH order_items_1 AS (
  SELECT
    CAST(DATE_TRUNC('MONTH', CAST(orders.order_ts AS DATE)) AS DATE) AS month,
    SUM(
      order_items.quantity * order_items.unit_price * (
        1 - order_items.discount_pct
      )
    ) AS revenue
  FROM order_items
  LEFT JOIN orders AS orders
    ON orders.order_id = order_items.order_id
  WHERE
    (
      orders.status = 'completed' AND NOT orders.is_test
    )
    AND orders.order_ts >= CAST('2026-01-01 00:00:00' AS TIMESTAMP)
    AND orders.order_ts < CAST('2026-07-01 00:00:00' AS TIMESTAMP)
  GROUP BY
    CAST(DATE_TRUNC('MONTH', CAST(orders.order_ts AS DATE)) AS DATE)
), order_items__prev_1_year_2 AS (
  SELECT
    CAST(DATE_TRUNC('MONTH', CAST(DATEADD(YEAR, 1, CAST(orders.order_ts AS DATE)) AS DATE)) AS DATE) AS month,
    SUM(
      order_items.quantity * order_items.unit_price * (
        1 - order_items.discount_pct
      )
    ) AS revenue__prev_1_year
  FROM order_items
  LEFT JOIN orders AS orders
    ON orders.order_id = order_items.order_id
  WHERE
    (
      orders.status = 'completed' AND NOT orders.is_test
    )
    AND orders.order_ts >= CAST('2025-01-01 00:00:00' AS TIMESTAMP)
    AND orders.order_ts < CAST('2025-07-01 00:00:00' AS TIMESTAMP)
  GROUP BY
    CAST(DATE_TRUNC('MONTH', CAST(DATEADD(YEAR, 1, CAST(orders.order_ts AS DATE)) AS DATE)) AS DATE)
), revenue_targets_3 AS (
  SELECT
    CAST(DATE_TRUNC('MONTH', CAST(revenue_targets.month AS DATE)) AS DATE) AS month,
    SUM(revenue_targets.target_amount) AS revenue_target
  FROM revenue_targets
  WHERE
    revenue_targets.month >= CAST('2026-01-01' AS DATE)
    AND revenue_targets.month < CAST('2026-07-01' AS DATE)
  GROUP BY
    CAST(DATE_TRUNC('MONTH', CAST(revenue_targets.month AS DATE)) AS DATE)
), order_items__cum_year_4 AS (
  SELECT
    *
  FROM (
    SELECT
      month,
      SUM(revenue__cum_year) OVER (
        PARTITION BY CAST(DATE_TRUNC('YEAR', CAST(month AS DATE)) AS DATE)
        ORDER BY month NULLS FIRST
        ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW
      ) AS revenue__cum_year
    FROM (
      SELECT
        CAST(DATE_TRUNC('MONTH', CAST(orders.order_ts AS DATE)) AS DATE) AS month,
        SUM(
          order_items.quantity * order_items.unit_price * (
            1 - order_items.discount_pct
          )
        ) AS revenue__cum_year
      FROM order_items
      LEFT JOIN orders AS orders
        ON orders.order_id = order_items.order_id
      WHERE
        (
          orders.status = 'completed' AND NOT orders.is_test
        )
        AND orders.order_ts >= CAST('2026-01-01 00:00:00' AS TIMESTAMP)
        AND orders.order_ts < CAST('2026-07-01 00:00:00' AS TIMESTAMP)
      GROUP BY
        CAST(DATE_TRUNC('MONTH', CAST(orders.order_ts AS DATE)) AS DATE)
    ) AS base
  ) AS running
  WHERE
    month >= CAST('2026-01-01' AS DATE)
), spine AS (
  SELECT
    month
  FROM order_items_1
  UNION
  SELECT
    month
  FROM order_items__prev_1_year_2
  UNION
  SELECT
    month
  FROM revenue_targets_3
  UNION
  SELECT
    month
  FROM order_items__cum_year_4
)
SELECT
  spine.month AS month,
  CAST(order_items_1.revenue - order_items__prev_1_year_2.revenue__prev_1_year AS DOUBLE) / NULLIF(order_items__prev_1_year_2.revenue__prev_1_year, 0) AS revenue_growth_yoy,
  CAST(order_items_1.revenue AS DOUBLE) / NULLIF(revenue_targets_3.revenue_target, 0) AS revenue_target_attainment,
  order_items__cum_year_4.revenue__cum_year AS revenue_ytd
FROM spine
LEFT JOIN order_items_1
  ON order_items_1.month IS NOT DISTINCT FROM spine.month
LEFT JOIN order_items__prev_1_year_2
  ON order_items__prev_1_year_2.month IS NOT DISTINCT FROM spine.month
LEFT JOIN revenue_targets_3
  ON revenue_targets_3.month IS NOT DISTINCT FROM spine.month
LEFT JOIN order_items__cum_year_4
  ON order_items__cum_year_4.month IS NOT DISTINCT FROM spine.month
WHERE
  (
    (
      CAST(order_items_1.revenue - order_items__prev_1_year_2.revenue__prev_1_year AS DOUBLE) / NULLIF(order_items__prev_1_year_2.revenue__prev_1_year, 0)
    ) > 0
    AND (
      CAST(order_items_1.revenue AS DOUBLE) / NULLIF(revenue_targets_3.revenue_target, 0)
    ) < 0.98
  )
  AND order_items__cum_year_4.revenue__cum_year > 100000000
ORDER BY
  month ASC
