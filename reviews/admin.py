from django.contrib import admin

from .models import AuditEvent, Authority, Invitation, Membership, Review


@admin.register(Authority)
class AuthorityAdmin(admin.ModelAdmin):
    search_fields = ["name"]


class MembershipInline(admin.TabularInline):
    model = Membership
    autocomplete_fields = ["user"]
    extra = 0


@admin.register(Review)
class ReviewAdmin(admin.ModelAdmin):
    list_display = ["authority", "title", "stage", "onsite_start"]
    list_filter = ["stage"]
    list_select_related = ["authority"]
    search_fields = ["authority__name", "title"]
    inlines = [MembershipInline]


@admin.register(Invitation)
class InvitationAdmin(admin.ModelAdmin):
    list_display = ["email", "review", "role", "created_at", "expires_at", "accepted_at", "revoked_at"]
    list_select_related = ["review__authority"]
    search_fields = ["email"]
    readonly_fields = ["token", "sent_at", "accepted_at", "accepted_by"]


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    """Read-only: the audit trail is never edited, here or anywhere else."""

    list_display = ["at", "action", "user_email", "review", "target", "ip_address"]
    list_filter = ["action"]
    search_fields = ["user_email", "target"]
    list_select_related = ["review__authority"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
