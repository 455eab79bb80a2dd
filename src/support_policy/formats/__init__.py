"""Formats: policy files, ticket files and iCalendar export.

Each name imports its module on first use: a policy file does not load the ticket readers.
"""

from typing import TYPE_CHECKING

from support_policy._lazy import exports, names_of

if TYPE_CHECKING:
    from support_policy.formats.ical import calendar_to_ical
    from support_policy.formats.policy_files import (
        FORMAT,
        dump_policy,
        load_policy,
        parse_policy,
        policy_from_dict,
    )
    from support_policy.formats.ticket_files import ReadCounts, read_tickets, write_csv, write_jsonl

TICKET_FORMATS = ("jsonl", "csv", "tsv")
"""The ticket file formats the readers take."""

__getattr__, __dir__ = exports(
    __name__,
    names_of(
        ("support_policy.formats.ical", ("calendar_to_ical",)),
        (
            "support_policy.formats.policy_files",
            ("FORMAT", "dump_policy", "load_policy", "parse_policy", "policy_from_dict"),
        ),
        (
            "support_policy.formats.ticket_files",
            ("ReadCounts", "read_tickets", "write_csv", "write_jsonl"),
        ),
    ),
)

__all__ = [
    "FORMAT",
    "TICKET_FORMATS",
    "ReadCounts",
    "calendar_to_ical",
    "dump_policy",
    "load_policy",
    "parse_policy",
    "policy_from_dict",
    "read_tickets",
    "write_csv",
    "write_jsonl",
]
