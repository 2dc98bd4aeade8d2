"""Small helpers several test modules share (fixtures live in conftest.py)."""

from django_otp.oath import TOTP


def current_code(device):
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    return f"{totp.token():06d}"


def answer_data(questionnaire, agency="health", value="4"):
    data = {"agency_type": agency, "role_level": "frontline", "comments": ""}
    for statement in questionnaire.statements.all():
        data[f"statement_{statement.pk}"] = value
    return data
