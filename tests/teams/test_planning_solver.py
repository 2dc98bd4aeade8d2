"""The season planner's model on small seasons that can be checked by hand (no database)."""

from datetime import date

from teams.planning.solver import PeerIn, PlaceIn, ReviewIn, Season, broken_rules, solve

MARCH = ReviewIn(1, "Ashby", date(2027, 3, 15), date(2027, 3, 19), region="north_west")
MARCH_TOO = ReviewIn(2, "Brent Vale", date(2027, 3, 16), date(2027, 3, 20), region="london")
MAY = ReviewIn(3, "Corbridge", date(2027, 5, 10), date(2027, 5, 14), region="north_east")


def peer(pk, name, roles=("officer_peer",), **fields):
    return PeerIn(pk, name, frozenset(roles), **fields)


def plan_for(reviews, places, peers):
    season = Season(reviews, places, peers)
    plan = solve(season, seconds=5, workers=1)
    assert broken_rules(season, plan) == []
    return plan


def test_a_peer_is_never_on_two_reviews_in_overlapping_weeks():
    plan = plan_for(
        [MARCH, MARCH_TOO], [PlaceIn(10, 1, "officer_peer"), PlaceIn(20, 2, "officer_peer")], [peer(1, "Ann")]
    )
    assert len(plan.proposals) == 1
    assert len(plan.unfilled) == 1


def test_the_travel_day_counts_as_part_of_the_week():
    # Brent Vale's travel day is Monday 15 March, when Ann is away.
    ann = peer(1, "Ann", busy=[(date(2027, 3, 15), date(2027, 3, 15), "leave")])
    plan = plan_for([MARCH_TOO], [PlaceIn(20, 2, "officer_peer")], [ann])
    assert plan.proposals == {}
    assert "not free in week 11" in plan.unfilled[20]


def test_the_yearly_cap_holds_with_places_already_held():
    ann = peer(1, "Ann", cap=2, committed={2027: 1})
    bob = peer(2, "Bob")
    plan = plan_for(
        [MARCH, MAY], [PlaceIn(10, 1, "officer_peer"), PlaceIn(30, 3, "officer_peer")], [ann, bob]
    )
    assert sorted(p.peer_id for p in plan.proposals.values()) == [1, 2]


def test_a_peer_at_their_cap_is_not_proposed_and_the_place_says_why():
    ann = peer(1, "Ann", cap=1, committed={2027: 1})
    plan = plan_for([MAY], [PlaceIn(30, 3, "officer_peer")], [ann])
    assert "1 have reached their yearly limit of reviews" in plan.unfilled[30]


def test_load_is_spread_before_expertise_is_matched():
    # Ann matches both reviews' focus; giving her both would leave Bob idle: the busiest peer comes first.
    march = ReviewIn(
        1, "Ashby", date(2027, 3, 15), date(2027, 3, 19), wanted_expertise=frozenset({"early help"})
    )
    may = ReviewIn(
        3, "Corbridge", date(2027, 5, 10), date(2027, 5, 14), wanted_expertise=frozenset({"early help"})
    )
    ann = peer(1, "Ann", expertise=frozenset({"early help"}))
    bob = peer(2, "Bob")
    plan = plan_for(
        [march, may], [PlaceIn(10, 1, "officer_peer"), PlaceIn(30, 3, "officer_peer")], [ann, bob]
    )
    assert plan.load == {1: 1, 2: 1}


def test_expertise_decides_and_the_runner_up_is_named():
    march = ReviewIn(
        1, "Ashby", date(2027, 3, 15), date(2027, 3, 19), wanted_expertise=frozenset({"early help"})
    )
    ann = peer(1, "Ann", expertise=frozenset({"early help"}))
    bob = peer(2, "Bob")
    plan = plan_for([march], [PlaceIn(10, 1, "officer_peer")], [ann, bob])
    proposal = plan.proposals[10]
    assert (proposal.peer_id, proposal.runner_up_id) == (1, 2)
    assert any("Expertise in early help" in reason for reason in proposal.reasons)


def test_a_conflict_rules_a_peer_out_and_is_counted():
    ann = peer(1, "Ann", conflicts={1: ["Worked for Ashby within the last 5 years"]})
    plan = plan_for([MARCH], [PlaceIn(10, 1, "officer_peer")], [ann])
    assert plan.proposals == {}
    assert "1 have a conflict of interest with Ashby" in plan.unfilled[10]


def test_an_unfillable_place_names_the_rule_that_blocks_it():
    nurse = peer(1, "Nia", roles=("health_peer",), conflicts={1: ["Works in a neighbour"]})
    late = peer(2, "Lee", roles=("health_peer",), training_current=False)
    plan = plan_for([MARCH], [PlaceIn(10, 1, "health_peer", "Health peer")], [nurse, late])
    assert plan.unfilled[10] == (
        "No health peer free in week 11 (w/c 15/03/2027) without a conflict: of the 2 in the pool, "
        "1 have a conflict of interest with Ashby; 1 have training out of date."
    )


def test_nobody_in_the_role_says_so():
    plan = plan_for([MARCH], [PlaceIn(10, 1, "police_peer", "Police peer")], [peer(1, "Ann")])
    assert plan.unfilled[10] == "Nobody in the pool can take the role of police peer."


def test_a_peer_already_on_the_review_is_not_proposed_again():
    ann = peer(1, "Ann", kept_reviews=frozenset({1}))
    plan = plan_for([MARCH], [PlaceIn(10, 1, "officer_peer")], [ann])
    assert plan.proposals == {}


def test_one_peer_takes_one_place_per_review():
    ann = peer(1, "Ann", roles=("officer_peer", "member_peer"))
    plan = plan_for([MARCH], [PlaceIn(10, 1, "officer_peer"), PlaceIn(11, 1, "member_peer")], [ann])
    assert len(plan.proposals) == 1


def test_filling_places_comes_before_fairness():
    # Bob can only go to May; Ann can go anywhere. Both places filled needs Ann in March.
    ann = peer(1, "Ann")
    bob = peer(2, "Bob", busy=[(date(2027, 3, 1), date(2027, 3, 31), "leave")])
    plan = plan_for(
        [MARCH, MAY], [PlaceIn(10, 1, "officer_peer"), PlaceIn(30, 3, "officer_peer")], [ann, bob]
    )
    assert {p.place_id: p.peer_id for p in plan.proposals.values()} == {10: 1, 30: 2}


def test_experienced_and_new_peers_are_mixed():
    old = [peer(i, f"Old {i}", experienced=True) for i in (1, 2)]
    new = peer(3, "New")
    plan = plan_for([MARCH], [PlaceIn(10, 1, "officer_peer"), PlaceIn(11, 1, "officer_peer")], [*old, new])
    assert 3 in {p.peer_id for p in plan.proposals.values()}


def test_the_same_pair_as_last_time_is_avoided():
    ann = peer(1, "Ann", past_partners=frozenset({2}))
    bob = peer(2, "Bob", past_partners=frozenset({1}))
    cat = peer(3, "Cat")
    plan = plan_for(
        [MARCH], [PlaceIn(10, 1, "officer_peer"), PlaceIn(11, 1, "officer_peer")], [ann, bob, cat]
    )
    assert 3 in {p.peer_id for p in plan.proposals.values()}


def _random_season(seed):
    import random
    from datetime import timedelta

    rng = random.Random(seed)
    roles = ["officer_peer", "health_peer", "team_leader"]
    reviews = [
        ReviewIn(
            i, f"R{i}", date(2027, 3, 1) + timedelta(weeks=i // 2), date(2027, 3, 5) + timedelta(weeks=i // 2)
        )
        for i in range(8)
    ]
    places = [PlaceIn(r.id * 10 + n, r.id, role) for r in reviews for n, role in enumerate(roles)]
    peers = [
        peer(
            p,
            f"P{p}",
            roles=(rng.choice(roles),),
            cap=rng.choice([1, 2, 3]),
            committed={2027: rng.choice([0, 1])},
            conflicts={rng.randrange(8): ["conflict"]},
        )  # fmt: skip
        for p in range(20)
    ]
    return Season(reviews, places, peers)


def test_a_busier_random_season_holds_every_hard_rule():
    season = _random_season(7)
    plan = solve(season, seconds=5, workers=1)
    assert broken_rules(season, plan) == []
    assert len(plan.proposals) + len(plan.unfilled) == len(season.places)


def test_the_greedy_start_holds_every_hard_rule_on_its_own():
    from teams.planning.solver import Plan, Proposal, candidates, greedy

    season = _random_season(11)
    feasible, _ = candidates(season)
    start = greedy(season, feasible)
    as_plan = Plan({pl: Proposal(pl, pe, []) for pl, pe in start.items()}, {}, {}, "GREEDY", 0)
    assert broken_rules(season, as_plan) == []
    assert start
