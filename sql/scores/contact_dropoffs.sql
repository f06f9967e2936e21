-- table: scores.contact_dropoffs
-- grain: one row per client-freelancer pair with a personal contact shared (or a request to move
--   off the platform) in the workroom, most suspicious first: the drop-off score and the reasons
--   an investigator can check
-- column case_key: stable key of the pair: 'cd-' client_id '-' freelancer_id
-- column score: drop-off score in [0, 1]: drop (how far on-platform payments fell after the
--   sharing event it is judged at; 0 when they went on or never existed) x continued (messages,
--   weeks of talk and logins after the last payment) x observed (weeks since the event, up to
--   weeks_to_judge) x (1 - stop_by_chance: how unlikely such a stop is among honest pairs billed
--   alike), x the weighted evidence: a base, hourly or fixed billing, a disguised detail, a
--   request to pay off the platform, a detail matching a real account, and messages naming the
--   other channel afterwards (weights summing to more than 1 are scaled down to 1)
-- column account_ids: the pair, the sender of the judged contact first
-- column contract_ids: the pair's contracts, latest first
-- column reasons: human-readable reasons, most important first
-- column drop: 1 - weekly_after / weekly_before at the judged event, in [0, 1]
-- column continued: how clearly the pair kept in touch after payments stopped, in [0, 1]
create or replace table scores.contact_dropoffs as
with features as (
    select
        *,
        (
            least(1.0, messages_after_last_payment / $messages_full) * $weight_messages_after
            + least(1.0, weeks_talking_after_last_payment / $talking_weeks_full)
                * $weight_talking_after
            + case when logins_after_last_payment > 0 then $weight_logins_after else 0.0 end
        )
        / greatest(1.0, $weight_messages_after + $weight_talking_after + $weight_logins_after)
            as continued,
        least(1.0, weeks_after / $weeks_to_judge) as observed,
        least(1.0, channel_mentions / $channel_mentions_full) as mentioned
    from features.contact_dropoff
),

scored as (
    select
        *,
        drop * continued * observed * (1 - stop_by_chance) * (
            $weight_base
            + case when hourly then $weight_hourly else $weight_fixed end
            + case when judged_obfuscated then $weight_disguised else 0.0 end
            + case when solicited then $weight_solicited else 0.0 end
            + case when matches_account then $weight_matches_account else 0.0 end
            + $weight_channel_mentions * mentioned
        ) / greatest(
            1.0,
            $weight_base + greatest($weight_hourly, $weight_fixed) + $weight_disguised
                + $weight_solicited + $weight_matches_account + $weight_channel_mentions
        ) as score
    from features
),

reasons as (
    select
        client_id,
        freelancer_id,
        list_transform(
            list_sort(
                list_filter(
                    [
                        {'weight': 0.95, 'text': format(
                            '{} shared in message {} on {}{}: "{}"{}',
                            judged_kind, judged_message_id,
                            strftime(judged_ts, '%Y-%m-%d'),
                            case when judged_obfuscated then ' (disguised)' else '' end,
                            judged_snippet,
                            case when judged_evidence is not null
                                then ' (the sender''s own: ' || judged_evidence || ')' else '' end)},
                        {'weight': 0.92, 'text': case when judged_event_number > 1 then format(
                            'judged at sharing event {} of {}: payments went on after the first ({} in message {} on {})',
                            judged_event_number, sharing_events, first_contact_kind,
                            first_contact_message_id, strftime(first_contact_ts, '%Y-%m-%d')) end},
                        {'weight': 0.9, 'text': case when payments_before > 0 then format(
                            'paid {:,.0f} a week on the platform before ({} over {:.1f} weeks), {:,.0f} a week after ({} over {:.1f} weeks)',
                            weekly_before, plural(payments_before, 'payment'), weeks_before,
                            weekly_after, plural(payments_after, 'payment'), weeks_after) end},
                        {'weight': 0.88, 'text': case when channel_mentions > 0 then format(
                            'after the contact, {} the other channel: {}',
                            case when channel_mentions = 1 then '1 message names'
                                else channel_mentions || ' messages name' end,
                            array_to_string(
                                list_transform(
                                    list_zip(channel_mention_ids, channel_mention_phrases),
                                    m -> m[1] || ' "' || m[2] || '"'
                                ),
                                ', '
                            )) end},
                        {'weight': 0.85, 'text': case when messages_after_last_payment > 0 then format(
                            'still talking after the last payment on {}: {} over {:.1f} weeks',
                            strftime(last_payment_ts, '%Y-%m-%d'),
                            plural(messages_after_last_payment, 'message'),
                            weeks_talking_after_last_payment) end},
                        {'weight': 0.75, 'text': case when drop > 0 and weekly_stop_rate is not null then format(
                            'pairs billed like this one ({}, {} contract, {} paid history; {}) stop paying while still talking in {:.1f}% of weeks: a stop within {:.0f} weeks of {} by chance: {:.1f}%',
                            case when hourly then 'hourly' else 'fixed-price' end,
                            case when active_contract then 'an open' else 'no open' end,
                            paid_weeks_band, plural(stratum_pairs, 'pair'),
                            100 * weekly_stop_rate, weeks_to_stop + 1,
                            case when sharing_events = 1 then 'the contact'
                                else 'one of its ' || sharing_events || ' sharing events' end,
                            100 * stop_by_chance) end},
                        {'weight': 0.7, 'text': case when hourly and drop >= 0.5 then
                            'an hourly contract billed weekly stopped billing' end},
                        {'weight': 0.65, 'text': case when solicited then
                            'the messages ask to pay or talk off the platform' end},
                        {'weight': 0.6, 'text': case when matches_account then
                            'the shared detail matches a real account''s email or phone' end},
                        {'weight': 0.5, 'text': case when active_contract and drop >= 0.5 then
                            'the contract is still active on the platform' end},
                        {'weight': 0.45, 'text': case when work_artefacts > 0 then format(
                            '{} in the messages not counted as sharing (first: {})',
                            case when work_artefacts = 1 then '1 work detail'
                                else work_artefacts || ' work details' end,
                            work_artefact_example) end},
                        {'weight': 0.4, 'text': case when len(contact_kinds) > 1 then
                            'contact kinds shared: ' || array_to_string(contact_kinds, ', ') end},
                        {'weight': 0.3, 'text': case when observed < 1 then format(
                            'only {:.1f} weeks observed since the contact', weeks_after) end},
                        {'weight': 0.2, 'text': case when drop < 0.2 and payments_before > 0 then
                            'payments went on after the contact was shared' end}
                    ],
                    r -> r.text is not null
                ),
                'DESC'
            ),
            r -> r.text
        ) as reasons
    from scored
)

select
    'cd-' || scored.client_id || '-' || scored.freelancer_id as case_key,
    round(scored.score, 4) as score,
    case
        when scored.judged_sender = scored.freelancer_id
            then [scored.freelancer_id, scored.client_id]
        else [scored.client_id, scored.freelancer_id]
    end as account_ids,
    scored.evidence_contracts as contract_ids,
    reasons.reasons,
    round(scored.drop, 4) as drop,
    round(scored.continued, 4) as continued
from scored
inner join reasons using (client_id, freelancer_id)
order by score desc, case_key
