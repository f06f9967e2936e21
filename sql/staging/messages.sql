-- table: staging.messages
-- grain: one row per message that passed every rule of the data contract
-- column message_id: the message's id; unique
-- column contract_id: the contract whose workroom it was sent in; null before a hire
-- column sender_id: the sending account; present in staging.accounts
-- column recipient_id: the receiving account; present in staging.accounts
-- column ts: send time, UTC
-- column body: the text exactly as sent (attacker-written: never render it unescaped)
-- column flags: times that contradict another table, kept rather than quarantined: 'ts before
--   the sender signed up'; empty when none
create or replace table staging.messages as
select message_id, contract_id, sender_id, recipient_id, ts, body, flags
from checked_messages
where len(reasons) = 0
