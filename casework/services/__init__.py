"""Operations on the on-site week, notes and findings, the letter and follow-up: one function per user action.

Import the module, not its names: `from casework.services import letter` then `letter.issue_letter(...)`.
"""
