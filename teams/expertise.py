"""The expertise tags the pool starts with. Review managers add more in the admin."""

EXPERTISE = [
    "Care leavers",
    "Child protection",
    "Child protection proceedings",
    "Child sexual exploitation",
    "Data analysis",
    "Domestic abuse",
    "Early help",
    "Education",
    "Front door and referrals",
    "Health safeguarding",
    "Leadership",
    "Looked-after children",
    "LSCB",
    "Police safeguarding",
]


def load_expertise(Expertise):
    for name in EXPERTISE:
        Expertise.objects.get_or_create(name=name)
