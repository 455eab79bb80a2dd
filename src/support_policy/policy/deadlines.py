"""Response deadlines, and their explanation in words for people and logs."""

from __future__ import annotations

from datetime import datetime, timedelta

import attrs

from support_policy.calendars import Closure, CoverageCalendar
from support_policy.calendars.instants import instant_key, real_time_between
from support_policy.policy.plans import Plan
from support_policy.policy.severities import Severity
from support_policy.policy.targets import Target
from support_policy.render import Record, Rendered, stamp

__all__ = ["DeadlineExplanation", "explain_deadline"]


@attrs.frozen(repr=False)
class DeadlineExplanation(Rendered):
    """Why a response is due when it is.

    Attributes:
        plan: the plan's name.
        plan_title: the plan's title.
        severity: the severity the target was chosen by.
        severity_defaulted: True when no severity was given and the default applied.
        target: the response target.
        clock: how the target's clock runs, in words.
        round_the_clock: whether the clock counts real elapsed time.
        submitted_at: when the request was submitted (the clock starts then).
        counting_from: when the clock first ran (the next opening, on a closed calendar).
        due_at: the deadline.
        allowed: the clock time the target allows.
        closures: the closed spans between submission and ``due_at`` that did not count.
        metric: the metric the target belongs to (``"response"``: the first response).
    """

    def __repr__(self) -> str:
        return (
            f"DeadlineExplanation({self.plan} {self.severity.code} {self.metric}: "
            f"due {self.due_at.isoformat()})"
        )

    plan: str
    plan_title: str
    severity: Severity
    severity_defaulted: bool
    target: Target
    clock: str
    round_the_clock: bool
    submitted_at: datetime = attrs.field(eq=instant_key)
    counting_from: datetime = attrs.field(eq=instant_key)
    due_at: datetime = attrs.field(eq=instant_key)
    allowed: timedelta
    closures: tuple[Closure, ...]
    metric: str = "response"
    version: str = ""

    @property
    def what(self) -> str:
        """The metric in words: ``'first response'``, ``'incident response'``..."""
        return "first response" if self.metric == "response" else self.metric.replace("_", " ")

    @property
    def waited(self) -> timedelta:
        """Real time from submission until the clock started (0 when it was open)."""
        return real_time_between(self.submitted_at, self.counting_from)

    def record(self) -> Record:
        """What the explanation holds, for the renderer."""
        default = " (the default)" if self.severity_defaulted else ""
        return Record(
            f"{self.plan_title} {self.severity}{default}: {self.what} due {stamp(self.due_at)}",
            (
                ("plan", self.plan),
                ("plan_title", self.plan_title),
                ("version", self.version or None),
                ("metric", self.metric),
                ("severity", self.severity.code),
                ("severity_label", self.severity.label),
                ("severity_defaulted", self.severity_defaulted),
                ("target", self.target),
                ("allowed", self.allowed),
                ("clock", self.clock),
                ("round_the_clock", self.round_the_clock),
                ("submitted_at", self.submitted_at),
                ("counting_from", self.counting_from),
                ("waited", self.waited),
                ("due_at", self.due_at),
                ("closures", list(self.closures)),
            ),
        )


def explain_deadline(
    *,
    plan: Plan,
    severity: Severity,
    severity_defaulted: bool,
    target: Target,
    calendar: CoverageCalendar,
    submitted_at: datetime,
    metric: str = "response",
    version: str = "",
) -> DeadlineExplanation:
    """Compute a deadline on ``calendar`` and say how it came about.

    Results are in the zone of ``submitted_at``.
    """
    allowed = target.duration_on(calendar)
    due_at = calendar.add(submitted_at, allowed)
    counting_from = calendar.next_open(submitted_at)
    return DeadlineExplanation(
        plan=plan.name,
        plan_title=plan.title,
        severity=severity,
        severity_defaulted=severity_defaulted,
        target=target,
        clock=calendar.describe(),
        round_the_clock=target.round_the_clock,
        submitted_at=submitted_at,
        counting_from=counting_from,
        due_at=due_at,
        allowed=allowed,
        closures=tuple(calendar.closures(submitted_at, due_at)),
        metric=metric,
        version=version,
    )
