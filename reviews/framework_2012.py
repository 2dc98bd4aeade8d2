"""The five themes of the safeguarding children peer review framework (2012 revision),
each with a starting set of key lines of enquiry. Loaded by a data migration; managers
edit them in the web pages afterwards."""

FRAMEWORK = [
    (
        "Effective practice, service delivery and the voice of the child",
        [
            "How well do children and families get the right help at the right time, from early help to child protection?",
            "How well are thresholds understood and applied by every agency at the front door?",
            "How well are children's wishes and feelings heard and acted on in assessments, plans and reviews?",
            "How consistent is the quality of assessment, planning, recording and management oversight?",
            "How well does practice with looked-after children and care leavers improve their lives?",
        ],
    ),
    (
        "Outcomes, impact and performance",
        [
            "How well do leaders and partners know what difference their services make to children?",
            "How is performance information used to understand and improve practice?",
            "How well do case audits lead to better practice?",
            "How do outcomes for children compare with similar areas, and what explains the difference?",
        ],
    ),
    (
        "Working together",
        [
            "How well do agencies share information and work together to keep children safe?",
            "How effective is the Local Safeguarding Children Board at coordinating and challenging partners?",
            "How well are health, police, schools and the voluntary sector involved in early help and child protection?",
            "How well do partners learn together from serious case reviews, audits and complaints?",
        ],
    ),
    (
        "Capacity and managing resources",
        [
            "Is there enough capacity, with manageable caseloads, to do good work?",
            "How well are staff recruited, supervised, trained and kept?",
            "How well are resources across the partnership targeted at need, including early help?",
            "How well is commissioning used to improve services for children?",
        ],
    ),
    (
        "Vision, strategy and leadership",
        [
            "How clear, shared and ambitious is the partnership's vision for keeping children safe?",
            "How well do elected members and senior leaders know and challenge frontline practice?",
            "How well does leadership build a culture in which good practice can flourish?",
            "How well do the partnership's strategies and plans connect, and are they delivered?",
        ],
    ),
]


def load_framework(Theme, LineOfEnquiry):
    """Add the 2012 themes and lines that are missing; safe to run again."""
    for number, (title, lines) in enumerate(FRAMEWORK, start=1):
        theme, _ = Theme.objects.get_or_create(number=number, defaults={"title": title})
        for position, text in enumerate(lines, start=1):
            LineOfEnquiry.objects.get_or_create(theme=theme, text=text, defaults={"position": position})
