WITH satisfaction_surveys_1 AS (
  SELECT
    regions.region_name AS customer_region,
    stores.store_format AS store_format,
    AVG(satisfaction_surveys.csat) AS avg_csat,
    COUNT(satisfaction_surveys.nps) AS nps_responses
  FROM satisfaction_surveys
  INNER JOIN customers AS customers
    ON customers.customer_id = satisfaction_surveys.customer_id
  INNER JOIN stores AS stores
    ON stores.store_id = satisfaction_surveys.store_id
  INNER JOIN regions AS regions
    ON regions.region_id = customers.region_id
  WHERE
    satisfaction_surveys.surveyed_on >= CAST('2026-01-01' AS DATE)
    AND satisfaction_surveys.surveyed_on < CAST('2026-07-01' AS DATE)
  GROUP BY
    regions.region_name,
    stores.store_format
), satisfaction_surveys_2 AS (
  SELECT
    regions.region_name AS customer_region,
    stores.store_format AS store_format,
    COUNT(satisfaction_surveys.survey_id) AS nps_promoters
  FROM satisfaction_surveys
  INNER JOIN customers AS customers
    ON customers.customer_id = satisfaction_surveys.customer_id
  INNER JOIN stores AS stores
    ON stores.store_id = satisfaction_surveys.store_id
  INNER JOIN regions AS regions
    ON regions.region_id = customers.region_id
  WHERE
    satisfaction_surveys.nps >= 9
    AND satisfaction_surveys.surveyed_on >= CAST('2026-01-01' AS DATE)
    AND satisfaction_surveys.surveyed_on < CAST('2026-07-01' AS DATE)
  GROUP BY
    regions.region_name,
    stores.store_format
), satisfaction_surveys_3 AS (
  SELECT
    regions.region_name AS customer_region,
    stores.store_format AS store_format,
    COUNT(satisfaction_surveys.survey_id) AS nps_detractors
  FROM satisfaction_surveys
  INNER JOIN customers AS customers
    ON customers.customer_id = satisfaction_surveys.customer_id
  INNER JOIN stores AS stores
    ON stores.store_id = satisfaction_surveys.store_id
  INNER JOIN regions AS regions
    ON regions.region_id = customers.region_id
  WHERE
    satisfaction_surveys.nps <= 6
    AND satisfaction_surveys.surveyed_on >= CAST('2026-01-01' AS DATE)
    AND satisfaction_surveys.surveyed_on < CAST('2026-07-01' AS DATE)
  GROUP BY
    regions.region_name,
    stores.store_format
), spine AS (
  SELECT
    customer_region,
    store_format
  FROM satisfaction_surveys_1
  UNION
  SELECT
    customer_region,
    store_format
  FROM satisfaction_surveys_2
  UNION
  SELECT
    customer_region,
    store_format
  FROM satisfaction_surveys_3
)
SELECT
  spine.customer_region AS customer_region,
  spine.store_format AS store_format,
  satisfaction_surveys_1.avg_csat AS avg_csat,
  CAST(100 * (
    COALESCE(satisfaction_surveys_2.nps_promoters, 0) - COALESCE(satisfaction_surveys_3.nps_detractors, 0)
  ) AS DOUBLE) / NULLIF(COALESCE(satisfaction_surveys_1.nps_responses, 0), 0) AS nps
FROM spine
LEFT JOIN satisfaction_surveys_1
  ON satisfaction_surveys_1.customer_region IS NOT DISTINCT FROM spine.customer_region
  AND satisfaction_surveys_1.store_format IS NOT DISTINCT FROM spine.store_format
LEFT JOIN satisfaction_surveys_2
  ON satisfaction_surveys_2.customer_region IS NOT DISTINCT FROM spine.customer_region
  AND satisfaction_surveys_2.store_format IS NOT DISTINCT FROM spine.store_format
LEFT JOIN satisfaction_surveys_3
  ON satisfaction_surveys_3.customer_region IS NOT DISTINCT FROM spine.customer_region
  AND satisfaction_surveys_3.store_format IS NOT DISTINCT FROM spine.store_format
ORDER BY
  avg_csat DESC NULLS LAST,
  customer_region ASC,
  store_format ASC
