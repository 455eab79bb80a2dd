"""The SLA engine: tickets, the ticket clock, escalations and compliance reports.

It judges tickets under a policy; it reads no files and prints nothing.
"""
