from django.contrib import admin

from .models import (
    DeclaredConflict,
    EmploymentPeriod,
    Expertise,
    PeerCapability,
    PeerImport,
    PeerProfile,
    SlotInvitation,
    TeamSlot,
    Unavailability,
)


@admin.register(Expertise)
class ExpertiseAdmin(admin.ModelAdmin):
    search_fields = ["name"]


class CapabilityInline(admin.TabularInline):
    model = PeerCapability
    extra = 0


class UnavailabilityInline(admin.TabularInline):
    model = Unavailability
    extra = 0


class ConflictInline(admin.TabularInline):
    model = DeclaredConflict
    extra = 0
    autocomplete_fields = ["authority"]


class EmploymentInline(admin.TabularInline):
    model = EmploymentPeriod
    extra = 0
    autocomplete_fields = ["authority"]


@admin.register(PeerProfile)
class PeerProfileAdmin(admin.ModelAdmin):
    list_display = ["full_name", "email", "organisation", "organisation_type", "region", "trained_on"]
    list_filter = ["organisation_type", "region", "accreditation"]
    search_fields = ["full_name", "email", "organisation"]
    autocomplete_fields = ["home_authority", "user"]
    filter_horizontal = ["expertise"]
    inlines = [CapabilityInline, UnavailabilityInline, ConflictInline, EmploymentInline]


class InvitationInline(admin.TabularInline):
    model = SlotInvitation
    extra = 0
    fields = [
        "peer",
        "status",
        "sent_at",
        "reminded_at",
        "responded_at",
        "decline_reason",
        "conflict_override",
    ]
    readonly_fields = fields


@admin.register(TeamSlot)
class TeamSlotAdmin(admin.ModelAdmin):
    list_display = ["review", "role", "peer", "tbc_note"]
    list_select_related = ["review__authority", "peer"]
    inlines = [InvitationInline]


@admin.register(PeerImport)
class PeerImportAdmin(admin.ModelAdmin):
    list_display = ["file_name", "status", "valid_rows", "created", "updated", "created_at"]
    readonly_fields = ["content", "errors", "failure"]
