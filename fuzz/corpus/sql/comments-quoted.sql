select "campaign_id", count(*) -- a comment; DROP TABLE x
from exposures /* b ; c */ where campaign_id like 'sg%' and campaign_id is not null and campaign_id not in ('a', 'b') group by "campaign_id"