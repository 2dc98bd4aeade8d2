"""The season planner: teams for many reviews at once (plain dataclasses in, plain dataclasses out).

``solver`` holds the model and knows nothing of the database; ``adapter`` builds its input from the
database and writes its answer back as a ``SeasonPlan``.
"""
