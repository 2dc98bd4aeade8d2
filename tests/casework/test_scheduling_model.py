"""The week-planning model on small cases whose best answer can be worked out by hand."""

from casework.scheduling.data import Day, Fixed, Peer, Placement, Priority, Problem, Request, Venue, Window
from casework.scheduling.model import evaluate, solve

MON, TUE, WED, THU = 0, 1, 2, 3
H = 60


def week(**kwargs):
    defaults = {
        "days": [
            Day("Monday 2 March"),
            Day("Tuesday 3 March"),
            Day("Wednesday 4 March"),
            Day("Thursday 5 March"),
        ],
        "venues": [Venue(1, "Civic Centre"), Venue(2, "Riverside Clinic")],
        "peers": [
            Peer(1, "Ann Officer", frozenset({"officer"})),
            Peer(2, "Bal Health", frozenset({"health"})),
        ],
        "requests": [],
        "lunch": None,
        "time_limit": 10,
    }
    return Problem(**(defaults | kwargs))


def placed(result):
    return {pl.request: pl for pl in result.placements}


def test_the_next_session_waits_for_the_journey_between_venues():
    problem = week(
        peers=[Peer(1, "Ann Officer")],
        travel={(1, 2): 40},
        requests=[
            Request(1, "Head of service", 60, venues=(1,), windows=(Window(MON, 9 * H, 10 * H),)),
            Request(2, "Named nurse", 60, venues=(2,), windows=(Window(MON, 10 * H, 13 * H),)),
        ],
    )
    result = solve(problem)
    assert result.status == "optimal"
    # 10:00 end + 40 minutes' travel, rounded up to the quarter hour: 10:45 is the earliest start.
    assert placed(result)[2].starts == 10 * H + 45
    assert evaluate(problem, result.placements)["travel_minutes"] == 40


def test_the_theme_is_heard_from_the_police_by_the_middle_of_the_week():
    either = (Window(MON, 9 * H, 10 * H), Window(THU, 9 * H, 10 * H))
    problem = week(
        peers=[Peer(1, "Ann Officer")],
        coverage_by_day=TUE,
        expected=frozenset({(1, "police"), (2, "health")}),
        requests=[
            Request(1, "Police focus group", 60, windows=either, covers=frozenset({(1, "police")})),
            Request(2, "Team managers", 60, windows=either),
        ],
    )
    result = solve(problem)
    assert placed(result)[1].day == MON
    assert placed(result)[2].day == THU
    # Nothing hears theme 2 from health: that one pair is left uncovered, and said so.
    assert result.score["uncovered_pairs"] == 1


def test_two_musts_that_cannot_both_fit_are_named_with_what_would_make_them_fit():
    tuesday_morning = (Window(TUE, 9 * H, 11 * H),)
    problem = week(
        requests=[
            Request(1, "Designated nurse", 120, windows=tuesday_morning, roles=("health",)),
            Request(2, "Named GP", 120, windows=tuesday_morning, roles=("health",)),
            Request(3, "Head of service", 60, roles=("officer",)),
        ],
    )
    result = solve(problem)
    assert len(result.conflicts) == 1
    conflict = result.conflicts[0]
    assert sorted(conflict.requests) == [1, 2]
    assert "“Designated nurse” and “Named GP” cannot all be placed" in conflict.message
    assert any("Allow other times for “Named GP”" in s for s in conflict.suggestions)
    assert any("Another health peer" in s for s in conflict.suggestions)
    # One of the two goes in, the other is left out with the conflict as its reason; the rest is placed.
    assert len({1, 2} & set(placed(result))) == 1
    left = ({1, 2} - set(placed(result))).pop()
    assert result.left_out[left] == conflict.message
    assert 3 in placed(result)


def test_a_replan_moves_as_little_as_it_can():
    anyday = (Window(MON, 9 * H, 17 * H),)
    previous = {
        1: Placement(1, MON, 9 * H, 10 * H, None, (1,)),
        2: Placement(2, MON, 10 * H, 11 * H, None, (2,)),
        3: Placement(3, MON, 11 * H, 12 * H, None, (1,)),
    }
    problem = week(
        peers=[Peer(1, "Ann Officer"), Peer(2, "Bal Health", frozenset({"health"})), Peer(3, "Cat Police")],
        previous=previous,
        requests=[
            Request(1, "Head of service", 60, windows=anyday),
            Request(2, "Early help", 60, windows=anyday),
            Request(3, "Team managers", 60, windows=anyday),
            # New, and only the health peer at 10:00 will do: Bal gives up "Early help" to Cat or Ann.
            Request(4, "Designated nurse", 60, windows=(Window(MON, 10 * H, 11 * H),), roles=("health",)),
        ],
    )
    result = solve(problem)
    assert result.status == "optimal"
    assert result.score["sessions_moved"] == 0
    assert result.score["peers_changed"] == 2  # Bal off "Early help", one other peer on
    after = placed(result)
    for rid in (1, 2, 3):
        assert (after[rid].day, after[rid].starts) == (previous[rid].day, previous[rid].starts)
    assert after[4].peers == (2,)
    assert 2 not in after[2].peers


def test_a_peer_who_is_ill_loses_their_sessions_to_others_at_the_same_time():
    previous = {1: Placement(1, WED, 10 * H, 11 * H, 1, (1,))}
    problem = week(
        peers=[Peer(1, "Ann Officer", available={WED: (0, 0)}), Peer(2, "Bal Health")],
        previous=previous,
        requests=[Request(1, "Head of service", 60, venues=(1,))],
    )
    after = placed(solve(problem))[1]
    assert (after.day, after.starts, after.peers) == (WED, 10 * H, (2,))


def test_fixed_items_stay_and_sessions_fit_around_them():
    problem = week(
        peers=[Peer(1, "Ann Officer")],
        fixed=[Fixed(100, "Opening meeting", MON, 9 * H, 10 * H, venue=1, peers=(1,))],
        requests=[Request(1, "Head of service", 60, venues=(1,), windows=(Window(MON, 9 * H, 11 * H),))],
    )
    assert placed(solve(problem))[1].starts == 10 * H


def test_a_venue_with_one_room_holds_one_session_at_a_time():
    nine = (Window(MON, 9 * H, 10 * H),)
    problem = week(
        venues=[Venue(1, "Civic Centre", rooms=1)],
        requests=[
            Request(1, "Head of service", 60, venues=(1,), windows=nine),
            Request(2, "Team managers", 60, venues=(1,), windows=nine, priority=Priority.SHOULD),
        ],
    )
    result = solve(problem)
    assert set(placed(result)) == {1}
    assert "No time was left for it" in result.left_out[2]


def test_interview_hours_stay_under_the_daily_cap():
    monday = (Window(MON, 9 * H, 17 * H),)
    problem = week(
        peers=[Peer(1, "Ann Officer")],
        max_questioning_minutes=3 * H,
        requests=[
            Request(i, f"Interview {i}", 60, windows=monday, priority=Priority.SHOULD) for i in range(1, 5)
        ],
    )
    result = solve(problem)
    assert len(result.placements) == 3
    assert result.score["shoulds_left_out"] == 1


def test_load_is_shared_evenly_between_peers():
    problem = week(requests=[Request(i, f"Interview {i}", 60) for i in range(1, 5)])
    result = solve(problem)
    assert evaluate(problem, result.placements)["load_spread_minutes"] == 0


def test_pairs_of_peers_change_through_the_week():
    three = [Peer(1, "Ann Officer"), Peer(2, "Bal Health"), Peer(3, "Cat Police")]
    problem = week(peers=three, requests=[Request(i, f"Focus group {i}", 60, peers=2) for i in range(1, 4)])
    result = solve(problem)
    assert result.score["repeat_pairings"] == 0
    assert len({pl.peers for pl in result.placements}) == 3


def test_requests_that_cannot_fit_any_week_are_refused_with_the_reason():
    problem = week(
        venues=[Venue(1, "Civic Centre", opens=9 * H, closes=10 * H)],
        requests=[
            Request(1, "All-day workshop", 10 * H),
            Request(2, "Police focus group", 60, roles=("police",)),
            Request(3, "Schools forum", 120, venues=(1,)),
            Request(4, "Night shift", 120, windows=(Window(MON, 9 * H, 10 * H),)),
        ],
    )
    result = solve(problem)
    assert result.placements == []
    assert "longer than any on-site day" in result.left_out[1]
    assert "needs a police peer" in result.left_out[2]
    assert "open long enough" in result.left_out[3]
    assert "shorter than the session" in result.left_out[4]


def test_progress_is_reported_with_the_best_week_so_far():
    seen = []
    solve(
        week(requests=[Request(1, "Head of service", 60)]),
        progress=lambda stage, score, bound: seen.append(score),
    )
    assert seen
    assert all(isinstance(score, int) for score in seen)


def test_fixed_items_that_clash_are_explained_not_just_infeasible():
    problem = week(
        peers=[Peer(1, "Ann Officer")],
        fixed=[
            Fixed(100, "Opening meeting", MON, 9 * H, 10 * H, peers=(1,)),
            Fixed(101, "Catch-up", MON, 9 * H + 30, 10 * H + 30, peers=(1,)),
        ],
        requests=[Request(1, "Head of service", 60)],
    )
    result = solve(problem)
    assert result.status == "infeasible"
    assert "The fixed items clash" in result.conflicts[0].message
    assert result.left_out[1] == result.conflicts[0].message
