"""The ring detector's parameters (``[ring]`` in ``ringwatch params``), each with its reason."""

from __future__ import annotations

from dataclasses import dataclass

from analytics.params import param


@dataclass(frozen=True)
class RingParams:
    rare_up_to: int = param(
        8,
        "a value shared by up to this many accounts is fully rare (a family could share it); "
        "beyond it its evidence fades as rare_up_to / n_accounts",
    )
    ip_days_per_piece: float = param(
        3.0,
        "an IP shared on this many days together is one piece of evidence worth weight_ip: "
        "1 day 0.26, 3 days 0.6, 6 days 0.84, 10 days 0.95 with weight_ip 0.6",
    )
    strong_link: float = param(
        0.45,
        "a link this strong joins two accounts into one identity group: one rare value of any "
        "kind but IP, an IP used together, or two weaker values",
    )
    max_group_size: int = param(
        30, "components larger than this are split by Leiden modularity: families are small"
    )
    absorb_min_contracts: int = param(
        2,
        "a counterparty joins a group when at least this many of its contracts are with the "
        "group (a popular freelancer hired once by a member is camouflage)",
    )
    absorb_share: float = param(
        0.5, "... and at least this share of its contracts are with the group"
    )
    min_block_size: int = param(3, "a dense block needs at least this many accounts")
    peel_weight_offset: float = param(
        5.0,
        "FRAUDAR's column weighting 1 / ln(clients + offset): edges to popular freelancers "
        "weigh less, so a ring cannot hide behind them",
    )
    pair_max_log10_chance: float = param(
        -1.3,
        "a client-freelancer pair enters the dense-block graph when it lies on more 4-cycles "
        "(its client and another share it and another freelancer) than the two accounts' "
        "numbers of counterparties predict, with a chance of at most 10 to this power (1 in "
        "20): evidence about the pair and its block, which outside work does not dilute; the "
        "block test below does the sorting",
    )
    block_max_log10_chance: float = param(
        -3.0,
        "a dense block is kept when the chance of its pairs beyond a spanning tree, given what "
        "its accounts' numbers of counterparties predict (Poisson), is at most 10 to this power "
        "in a marketplace of block_reference_pairs pairs (the best honest component of the "
        "20k synthetic marketplace scores -2.2, its smallest silent rings -3.7)",
    )
    block_reference_pairs: int = param(
        10_000,
        "... and a tenth of that chance for every tenfold more client-freelancer pairs (never "
        "more lenient in a smaller marketplace): more pairs, more places for a block to appear "
        "by chance",
    )
    block_background_factor: float = param(
        1.5,
        "... and at least this many times as far below chance (in orders of magnitude) as the "
        "best block the same search finds in the marketplace reshuffled by degree: the "
        "background's own score, so a denser marketplace asks more of a block",
    )
    block_background_shuffles: int = param(
        1,
        "reshuffled copies of the marketplace the background's own score is taken from (the "
        "best over them); each costs about one more 4-cycle count",
    )
    block_judged_whole_up_to: int = param(
        16,
        "a connected part of the dense-block graph this small is first judged whole: peeling "
        "would trim a small ring's members who also hire a popular outsider",
    )
    block_max_rounds: int = param(
        200,
        "peeling rounds per connected component at most (each round takes the densest part "
        "left; it stops sooner when that part is what the degrees predict)",
    )
    max_proposals: int = param(
        1, "an internal contract with at most this many proposals had no competition"
    )
    small_job_paid: float = param(
        300.0, "a fixed-price contract paid less than this is a small job (feedback building)"
    )
    one_contract_hiring: float = param(
        0.7,
        "hiring part for one contract paid by a linked member: a client hiring a relative once "
        "is already a ring; more contracts approach 1",
    )
    hiring_scale: float = param(
        2.0,
        "hiring part 1 - (1 - one_contract_hiring) * exp(-(contracts - 1) / scale): 0.7 for one "
        "contract paid by a linked member, 0.82 for two, 0.93 for four",
    )
    indirect_link_factor: float = param(
        0.8,
        "identity evidence when the transacting accounts are linked only through other members: "
        "this share of the strongest link in the group",
    )
    min_converging_members: int = param(
        2,
        "accounts linked only through other members count when at least this many linked "
        "accounts transact with the same outsider (sock-puppet clients), not one loyal customer",
    )
    loyal_outsider_factor: float = param(
        0.3,
        "one linked account hiring an outsider who works mostly for it counts this share of the "
        "group's link: a relative with separate devices, or just a loyal freelancer",
    )
    no_identifier_factor: float = param(
        0.7,
        "a block found by contract density alone, with no shared identifier, scores this share "
        "of the same behaviour with one",
    )
    beyond_paid_weeks: int = param(
        2,
        "a ring over exactly an immediate-hire case's accounts is queued only if money moved in "
        "at least this many weeks (or more contracts, reciprocal work, older accounts)",
    )
    beyond_age_days: int = param(
        30, "... or the accounts were at least this many days old at the internal hires"
    )
    reciprocal_full: int = param(
        2, "this many pairs hired back the other way give the full reciprocity part"
    )
    youth_days: float = param(
        180.0, "youth part exp(-median account age at an internal hire / youth_days)"
    )
    weight_base: float = param(
        0.30, "what hiring between linked accounts is worth before any other behaviour"
    )
    weight_inside_share: float = param(
        0.25, "money kept inside the group (share of the members' volume): moving money"
    )
    weight_no_competition: float = param(
        0.15, "internal hires by invite or without competition: nobody else had a chance"
    )
    weight_reciprocity: float = param(0.12, "members hiring each other both ways: feedback trading")
    weight_youth: float = param(0.10, "young accounts at the internal hires: made for the ring")
    weight_small_fixed: float = param(
        0.08, "many small fixed-price jobs: feedback building rather than work"
    )
    groups_share_warning: float = param(
        0.2,
        "a check warns when more accounts than this share are in identity groups: linking went "
        "loose (a new crowd address class, a test card used by everyone)",
    )
