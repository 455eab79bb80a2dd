"""Formats: policy files, ticket files and iCalendar export."""
