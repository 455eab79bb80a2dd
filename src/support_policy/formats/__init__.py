"""Formats: policy files, ticket files and iCalendar export."""

from support_policy.formats.ical import calendar_to_ical
from support_policy.formats.policy_files import (
    FORMAT,
    dump_policy,
    load_policy,
    parse_policy,
    policy_from_dict,
)
from support_policy.formats.ticket_files import ReadCounts, read_tickets, write_csv, write_jsonl

__all__ = [
    "FORMAT",
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
