"""Who may see and change the pool and a review's team. Builds on the review rules in reviews/rules.py."""

import rules

from reviews.rules import (
    is_council_contact,
    is_council_sponsor,
    is_member,
    is_on_team,
    is_programme_manager,
    is_review_manager,
)


@rules.predicate
def has_peer_profile(user):
    return user.is_authenticated and hasattr(user, "peer_profile")


@rules.predicate
def is_own_profile(user, peer):
    return user.is_authenticated and peer is not None and peer.user_id == user.pk


rules.add_perm("teams.manage_pool", is_programme_manager)
# The season plan spans every review, and shows the pool's candidates: the programme's managers only.
rules.add_perm("teams.plan_season", is_programme_manager)
rules.add_perm("teams.edit_own_profile", has_peer_profile)
# A peer's dates when unavailable: the peer's own, and the pool's managers.
rules.add_perm("teams.change_peer_dates", is_own_profile | is_programme_manager)

rules.add_perm("teams.view_team", is_member)
# Private notes and the pool's detail are for the team side; the council sees roles and relevant experience.
rules.add_perm("teams.view_team_detail", is_on_team)
rules.add_perm("teams.manage_team", is_review_manager)
# A review's own manager searches the pool for its places, whether or not they work for the programme
# (the whole pool, to add and change peers, stays with the programme: teams.manage_pool).
rules.add_perm("teams.search_pool_for_review", is_review_manager)
rules.add_perm("teams.respond_to_team", is_council_sponsor)
rules.add_perm("teams.see_council_view", is_council_contact)
