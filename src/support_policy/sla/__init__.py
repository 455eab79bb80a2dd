"""The SLA engine: tickets, the ticket clock, escalations and compliance reports.

It judges tickets under a policy, each by the version in force at its submission; it
reads no files and prints nothing.
"""

from support_policy.sla.clock import (
    UPDATE_INTERVAL,
    TicketExplanation,
    TicketStatus,
    Upcoming,
    breaching_within,
    due_soon,
    ticket_status,
)
from support_policy.sla.escalation import EscalationDue, escalations_due
from support_policy.sla.reports import ComplianceReport, GroupStats, evaluate
from support_policy.sla.tickets import Event, EventKind, Ticket

__all__ = [
    "UPDATE_INTERVAL",
    "ComplianceReport",
    "EscalationDue",
    "Event",
    "EventKind",
    "GroupStats",
    "Ticket",
    "TicketExplanation",
    "TicketStatus",
    "Upcoming",
    "breaching_within",
    "due_soon",
    "escalations_due",
    "evaluate",
    "ticket_status",
]
