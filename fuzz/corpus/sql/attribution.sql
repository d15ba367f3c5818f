SELECT e.campaign_id,
       COUNT(DISTINCT p.email) AS converted_users,
       SUM(p.total_spent)      AS total_revenue
FROM exposures e JOIN purchases p ON e.email = p.email
WHERE e.exposure_date < p.purchase_date
GROUP BY e.campaign_id
ORDER BY converted_users DESC
