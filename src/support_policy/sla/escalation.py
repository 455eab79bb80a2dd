"""Which escalations are due for a ticket at an instant, and why.

The escalation model, read from the plan's :class:`~support_policy.policy.plans.EscalationModel`
and the triggers the policy version lists (business impact, lack of progress, a
justified customer request); a trigger the version does not list never fires:

* **Immediate**: a severity the plan escalates at once (Premium P1) goes to senior
  engineering from submission, or from the change of severity or plan that made it so.
* **Business impact**: a ticket at the policy's most urgent level (Stakater's P1) is
  escalated within engineering (to senior engineering when the plan gives direct access).
* **Lack of progress**: an unanswered ticket past its response deadline is escalated
  within engineering and, where the plan includes a management path, to management.
* **Customer request**: a justified ``escalation_requested`` event escalates within
  engineering; it reaches management where the plan includes that path, or on
  request when the plan allows it (Standard: only a written request).

Nothing is due on a ticket that is resolved or closed. The first two are due since
the last unbroken run of plans and levels that call for them began (a change to one
that calls for the same escalation does not make it due anew), or since the ticket was
last reopened.
"""

from __future__ import annotations

from datetime import UTC, datetime

import attrs

from support_policy.calendars.instants import instant_key
from support_policy.policy.history import Policy
from support_policy.policy.plans import Availability, EscalationModel, EscalationTrigger, Plan
from support_policy.policy.rules import ClockRules
from support_policy.policy.severities import Severity
from support_policy.policy.version import PolicyVersion
from support_policy.render import Record, stamp
from support_policy.sla.clock import TicketStatus, ticket_status
from support_policy.sla.tickets import EventKind, Ticket

__all__ = ["EscalationDue", "escalations_due"]

_DIRECT = (Availability.YES, Availability.INCLUDED)
_Who = tuple[str, str]  # whom an escalation goes to, and its trigger


@attrs.frozen
class EscalationDue:
    """One escalation that is due.

    Attributes:
        to: who the ticket goes to: ``"senior engineering"``, ``"engineering team"``
            or ``"management"``.
        trigger: ``"immediate"``, ``"business impact"``, ``"lack of progress"`` or
            ``"customer request"``.
        since: when it became due.
        reason: why, in words.
    """

    to: str
    trigger: str
    since: datetime = attrs.field(eq=instant_key)
    reason: str

    def __str__(self) -> str:
        return f"{self.trigger} \u2192 {self.to} (since {self.since.isoformat()}): {self.reason}"

    def record(self) -> Record:
        """What the escalation holds, for the renderer."""
        line = f"{self.trigger} \u2192 {self.to} (since {stamp(self.since)}): {self.reason}"
        fields = (("to", self.to), ("trigger", self.trigger), ("since", self.since))
        return Record(line, (*fields, ("reason", self.reason)), line)


def _engineering(model: EscalationModel) -> str:
    return "senior engineering" if model.senior_engineering in _DIRECT else "engineering team"


def escalations_due(
    policy: Policy, ticket: Ticket, now: datetime, rules: ClockRules | None = None
) -> list[EscalationDue]:
    """The escalations due for ``ticket`` at ``now``, oldest first.

    The ticket is judged as :func:`~support_policy.sla.clock.ticket_status` judges it,
    under the same clock rules, and escalated by the plan and level in force at
    ``now`` (a change after the response counts from the change). Nothing is due
    before submission or once the ticket is resolved or closed. Times come back in
    ``now``'s zone.
    """
    return _escalations(ticket_status(policy, ticket, now, rules), now)


def _standing(version: PolicyVersion, plan: Plan, severity: Severity) -> dict[_Who, str]:
    """The escalations a plan and level call for while in force, with the reason of each."""
    model = plan.escalation
    if model is None:
        return {}
    if severity.code in model.immediate:
        return {
            ("senior engineering", "immediate"): f"{plan.title} escalates {severity.code} at once"
        }
    if (
        EscalationTrigger.BUSINESS_IMPACT in version.escalation_triggers
        and severity.code == version.severities.most_urgent.code
    ):
        return {(_engineering(model), "business impact"): f"{severity} is a severe business impact"}
    return {}


def _escalations(status: TicketStatus, now: datetime) -> list[EscalationDue]:
    life = status.explain().life
    version, plan = life.version, life.plan_now
    model = plan.escalation
    if model is None or life.closed or status.state == "not_started":
        return []
    zone = now.tzinfo
    triggers = version.escalation_triggers
    due: list[EscalationDue] = []
    standing = _standing(version, plan, life.severity_now)
    changed = life.in_force_since != life.submitted  # else the one run began at submission
    segments = life.segments() if standing and changed else []
    reopened = life.reopened_at or life.submitted  # all instants of a life are UTC
    for (to, trigger), reason in standing.items():
        # Due since the last unbroken run of plans and levels that called for it began
        # (a change to one that calls for the same escalation does not make it due
        # anew), or since the ticket was last reopened: nothing is due while resolved.
        since = life.in_force_since
        for segment in reversed(segments):
            if (to, trigger) not in _standing(version, segment.plan, segment.severity):
                break
            since = segment.start
        since = max(since, reopened)
        due.append(EscalationDue(to, trigger, since.astimezone(zone), reason))
    known = status.breach_known_at
    if EscalationTrigger.LACK_OF_PROGRESS in triggers and not status.answered and known:
        reason = f"no first response by {status.due_at.isoformat()}"
        due.append(EscalationDue(_engineering(model), "lack of progress", known, reason))
        if model.management in _DIRECT:
            due.append(EscalationDue("management", "lack of progress", known, reason))
    for e in life.events:
        if EscalationTrigger.CUSTOMER_REQUEST not in triggers:
            break
        if e.kind is not EventKind.ESCALATION_REQUESTED or not e.justified:
            continue
        if e.at.astimezone(UTC) < reopened:  # the resolution since answered it
            continue
        at = e.at.astimezone(zone)
        due.append(EscalationDue(_engineering(model), "customer request", at, "justified request"))
        written_ok = e.written or not model.management_needs_written_request
        if model.management in _DIRECT or (
            model.management is Availability.ON_REQUEST and written_ok
        ):
            reason = "requested in writing" if e.written else "requested; the plan has the path"
            due.append(EscalationDue("management", "customer request", at, reason))
    return sorted(due, key=lambda d: d.since.astimezone(UTC))
