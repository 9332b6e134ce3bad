WITH returns_1 AS (
  SELECT
    products.category AS category,
    CAST(DATE_TRUNC('WEEK', CAST(returns.returned_on AS DATE)) AS DATE) AS week,
    SUM(returns.refund_amount) AS refund_amount
  FROM returns
  LEFT JOIN orders AS orders
    ON orders.order_id = returns.order_id
  INNER JOIN products AS products
    ON products.product_id = returns.product_id
  LEFT JOIN customers AS customers
    ON customers.customer_id = orders.customer_id
  LEFT JOIN stores AS stores
    ON stores.store_id = orders.store_id
  WHERE
    NOT orders.is_test
    AND returns.returned_on >= CAST('2026-05-30' AS DATE)
    AND returns.returned_on < CAST('2026-07-01' AS DATE)
    AND LOWER(products.category) IN (LOWER('Fashion'), LOWER('HOME'), LOWER('electronics'))
    AND LOWER(stores.channel) = LOWER('RETAIL')
    AND customers.signup_date >= CAST('2024-01-01' AS DATE)
    AND customers.signup_date < CAST('2025-01-01' AS DATE)
  GROUP BY
    products.category,
    CAST(DATE_TRUNC('WEEK', CAST(returns.returned_on AS DATE)) AS DATE)
), order_items_2 AS (
  SELECT
    products.category AS category,
    CAST(DATE_TRUNC('WEEK', CAST(orders.order_ts AS DATE)) AS DATE) AS week,
    SUM(order_items.quantity) AS units_sold
  FROM order_items
  LEFT JOIN orders AS orders
    ON orders.order_id = order_items.order_id
  INNER JOIN products AS products
    ON products.product_id = order_items.product_id
  LEFT JOIN customers AS customers
    ON customers.customer_id = orders.customer_id
  LEFT JOIN stores AS stores
    ON stores.store_id = orders.store_id
  WHERE
    (
      orders.status = 'completed' AND NOT orders.is_test
    )
    AND orders.order_ts >= CAST('2026-05-30 00:00:00' AS TIMESTAMP)
    AND orders.order_ts < CAST('2026-07-01 00:00:00' AS TIMESTAMP)
    AND LOWER(products.category) IN (LOWER('Fashion'), LOWER('HOME'), LOWER('electronics'))
    AND LOWER(stores.channel) = LOWER('RETAIL')
    AND customers.signup_date >= CAST('2024-01-01' AS DATE)
    AND customers.signup_date < CAST('2025-01-01' AS DATE)
  GROUP BY
    products.category,
    CAST(DATE_TRUNC('WEEK', CAST(orders.order_ts AS DATE)) AS DATE)
), spine AS (
  SELECT
    category,
    week
  FROM returns_1
  UNION
  SELECT
    category,
    week
  FROM order_items_2
)
SELECT
  spine.category AS category,
  spine.week AS week,
  returns_1.refund_amount AS refund_amount,
  order_items_2.units_sold AS units_sold
FROM spine
LEFT JOIN returns_1
  ON returns_1.category IS NOT DISTINCT FROM spine.category
  AND returns_1.week IS NOT DISTINCT FROM spine.week
LEFT JOIN order_items_2
  ON order_items_2.category IS NOT DISTINCT FROM spine.category
  AND order_items_2.week IS NOT DISTINCT FROM spine.week
ORDER BY
  category DESC,
  week ASC
