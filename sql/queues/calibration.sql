-- table: queues.calibration
-- grain: one row per pattern: how its detector's scores were made comparable with the others
-- column pattern: ring, immediate_hire or contact_dropoff
-- column method: platt (a logistic curve fitted to labelled cases) or raw (too few labels: the
--   detector's own score is used)
-- column slope: the curve's slope: score = 1 / (1 + exp(-(slope * raw_score + intercept)))
-- column intercept: the curve's intercept
-- column positives: scored cases of the pattern that overlap a fraud label or a confirmed case
-- column negatives: the other scored cases: legit labels, dismissals and cases nobody confirmed
create or replace table queues.calibration as
select pattern, method, slope, intercept, positives, negatives
from calibration_frame
order by pattern
