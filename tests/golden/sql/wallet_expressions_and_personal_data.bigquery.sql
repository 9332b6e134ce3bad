WITH users_1 AS (
  SELECT
    CASE
      WHEN EXTRACT(YEAR FROM CAST('2026-06-30' AS DATE)) - EXTRACT(YEAR FROM users.birth_date) < 30
      THEN 'under 30'
      ELSE '30 and over'
    END AS age_band,
    AVG(
      EXTRACT(YEAR FROM CAST('2026-06-30' AS DATE)) - EXTRACT(YEAR FROM users.birth_date)
    ) AS average_age
  FROM users
  WHERE
    LEFT(users.first_name || ' ' || users.last_name, 1) = 'J'
  GROUP BY
    CASE
      WHEN EXTRACT(YEAR FROM CAST('2026-06-30' AS DATE)) - EXTRACT(YEAR FROM users.birth_date) < 30
      THEN 'under 30'
      ELSE '30 and over'
    END
), users_2 AS (
  SELECT
    CASE
      WHEN EXTRACT(YEAR FROM CAST('2026-06-30' AS DATE)) - EXTRACT(YEAR FROM users.birth_date) < 30
      THEN 'under 30'
      ELSE '30 and over'
    END AS age_band,
    COUNT(DISTINCT users.email) AS email_count,
    COUNT(users.user_id) AS user_count
  FROM users
  WHERE
    LEFT(users.first_name || ' ' || users.last_name, 1) = 'J'
  GROUP BY
    CASE
      WHEN EXTRACT(YEAR FROM CAST('2026-06-30' AS DATE)) - EXTRACT(YEAR FROM users.birth_date) < 30
      THEN 'under 30'
      ELSE '30 and over'
    END
), spine AS (
  SELECT
    age_band
  FROM users_1
  UNION DISTINCT
  SELECT
    age_band
  FROM users_2
)
SELECT
  spine.age_band AS age_band,
  users_1.average_age AS average_age,
  COALESCE(users_2.email_count, 0) AS email_count,
  COALESCE(users_2.user_count, 0) AS user_count
FROM spine
LEFT JOIN users_1
  ON users_1.age_band IS NOT DISTINCT FROM spine.age_band
LEFT JOIN users_2
  ON users_2.age_band IS NOT DISTINCT FROM spine.age_band
ORDER BY
  average_age DESC,
  age_band ASC NULLS LAST
