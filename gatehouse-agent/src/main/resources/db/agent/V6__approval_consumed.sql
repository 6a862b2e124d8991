-- When an approved gateway approval let its call run (epoch microseconds), null until then. A
-- 2026-07-28 client's retry carries the approval's id in a sealed requestState it could replay:
-- the call runs only for the retry whose conditional UPDATE ... WHERE consumed_at IS NULL sets it.
ALTER TABLE approvals ADD COLUMN consumed_at BIGINT;
