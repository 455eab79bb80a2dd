"""The policy model: severity levels, targets, plans, scope, a policy version and its history.

It builds on the time core (a target counts on a calendar) and knows nothing of
tickets, files or the command line.
"""
