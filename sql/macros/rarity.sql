-- macro: rarity(n_accounts, rare_up_to) -> 1 while no more accounts share a value than the
--   detector's rare_up_to, then rare_up_to / n_accounts: the one definition of how rarity discounts
--   a shared identifier's evidence (hub values never get here: graph.excluded_identifiers).
create or replace temp macro rarity(n_accounts, rare_up_to) as (
    least(1.0, rare_up_to / n_accounts)
);
