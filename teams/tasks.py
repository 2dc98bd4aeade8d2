from celery import shared_task


@shared_task(acks_late=True, autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def send_slot_invitation(invitation_id):
    from . import services  # the service imports this module at its top

    services.deliver_slot_invitation(invitation_id)


@shared_task(acks_late=True)
def send_invitation_reminders():
    from . import services

    return services.send_invitation_reminders()


@shared_task(bind=True, acks_late=True)
def import_peers(self, import_id):
    from . import importing

    # The task id marks the job as this message's: a duplicate message for it does nothing.
    importing.run_import(import_id, token=self.request.id)


@shared_task(bind=True, acks_late=True)
def make_season_plan(self, plan_id):
    from . import services

    services.run_season_plan(plan_id, token=self.request.id)
