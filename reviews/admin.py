from django.contrib import admin

from .models import Authority, Invitation, Membership, Review


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
