"""The policy model: severity levels, targets, plans, scope, a policy version and its history.

It builds on the time core (a target counts on a calendar) and knows nothing of
tickets, files or the command line.
"""

from support_policy.policy.deadlines import DeadlineExplanation
from support_policy.policy.history import Policy
from support_policy.policy.plans import (
    ALL,
    RESPONSE,
    Availability,
    Channel,
    EscalationModel,
    EscalationTrigger,
    Plan,
)
from support_policy.policy.rules import ClockRules
from support_policy.policy.scope import Activity, Boundary, Scope, ScopeAnswer
from support_policy.policy.severities import Severity, SeverityScale
from support_policy.policy.targets import Target, TargetUnit
from support_policy.policy.version import PolicyVersion

__all__ = [
    "ALL",
    "RESPONSE",
    "Activity",
    "Availability",
    "Boundary",
    "Channel",
    "ClockRules",
    "DeadlineExplanation",
    "EscalationModel",
    "EscalationTrigger",
    "Plan",
    "Policy",
    "PolicyVersion",
    "Scope",
    "ScopeAnswer",
    "Severity",
    "SeverityScale",
    "Target",
    "TargetUnit",
]
