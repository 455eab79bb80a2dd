"""Tickets in a pandas DataFrame: deadline and status columns, reports, Dask and Spark.

A frame of tickets has the columns of a ticket CSV file (see ``docs/columnar.md``):

* ``plan``; ``severity`` (optional; missing: the policy's default level);
* ``submitted_at``; ``first_response_at``, ``resolved_at``, ``closed_at`` (each
  optional; missing values: not yet). Instant columns must be timezone-aware.

:func:`add_deadlines` and :func:`add_status` return a copy with columns added (named in
:data:`STATUS_COLUMNS`), :func:`frame_report` the :class:`ComplianceReport`. The same
functions run per partition of a Dask DataFrame (``map_partitions``) and per batch
of a Spark DataFrame (:func:`spark_status`); partial reports merge exactly. Needs the
``pandas`` extra.
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any

from support_policy.errors import InvalidTicketError, MissingExtraError

try:
    import numpy as np
    import pandas as pd
except ImportError:  # pragma: no cover - exercised only without the extra
    raise MissingExtraError("pandas", "pandas", "DataFrame support") from None

from support_policy.calendars._columns import Column
from support_policy.policy.columnar import deadlines
from support_policy.sla.columnar import judge, report

if TYPE_CHECKING:
    from support_policy.policy.history import Policy
    from support_policy.sla.reports import ComplianceReport

__all__ = [
    "ANSWER_COLUMNS",
    "STATUS_COLUMNS",
    "add_deadlines",
    "add_status",
    "frame_report",
    "spark_status",
]

_NAT = np.iinfo(np.int64).min  # numpy's missing instant, as int64
ANSWER_COLUMNS = ("first_response_at", "resolved_at", "closed_at")
"""The columns whose earliest value answers a ticket (the ones present are used)."""
STATUS_COLUMNS = {
    "response_due_at": "the first-response deadline (in the zone of submitted_at)",
    "state": "not_started, running, met or breached",
    "elapsed": "clock time from submission to the answer, or to now",
    "response_time": "clock time to the answer; missing while unanswered",
    "at_risk": "running past the version's smallest warning threshold",
}
"""The columns :func:`add_status` adds, and what each holds."""


def _frame(frame: object) -> pd.DataFrame:
    if not isinstance(frame, pd.DataFrame):
        raise TypeError(f"expected a pandas DataFrame, got {type(frame).__name__}")
    for name in ("plan", "submitted_at"):
        if name not in frame.columns:
            raise InvalidTicketError(f"the frame needs a {name!r} column", field=name)
    return frame


def _severities(frame: pd.DataFrame) -> Any:
    return frame["severity"] if "severity" in frame.columns else None


def add_deadlines(frame: pd.DataFrame, policy: Policy, metric: str = "response") -> pd.DataFrame:
    """A copy of ``frame`` with ``<metric>_due_at``: each ticket's deadline from submission."""
    frame = _frame(frame)
    out = frame.copy()
    out[f"{metric}_due_at"] = deadlines(
        policy, frame["plan"], _severities(frame), frame["submitted_at"], metric
    )
    return out


def _earliest(columns: list[Any]) -> Any:
    """The earliest value of ``columns`` per row (missing where all are), or None."""
    if not columns:
        return None
    earliest = columns[0]
    for column in columns[1:]:
        earliest = earliest.where(earliest.notna() & ~(column < earliest), column)
    return earliest


def _in_utc(values: Any, name: str) -> Any:
    """An answer column as UTC instants to the microsecond, whatever its zone and unit.

    Raises:
        NaiveDatetimeError: a column without a zone; TypeError: not instants at all.
    """
    column = Column(values, name)
    return column.instants(column.values).dt.tz_convert("UTC")  # missing values stay NaT


def _answers(frame: pd.DataFrame) -> tuple[Any, Any]:
    """The earliest answer per row, and the earliest resolution or closing.

    A missing value is an event not yet; None is no such column. A column with no value
    at all holds no events, whatever its type (pandas reads an empty column of a CSV
    file as floats).

    Raises:
        NaiveDatetimeError: an answer column without a zone.
        InvalidTicketError: a first response or resolution after the ticket was closed
            (the ticket model refuses those too).
    """
    present: dict[str, Any] = {}
    for name in ANSWER_COLUMNS:
        if name in frame.columns and not frame[name].isna().all():
            present[name] = _in_utc(frame[name], name)
    closed = present.get("closed_at")
    if closed is not None:
        for name in ANSWER_COLUMNS[:2]:
            if name in present:
                late = np.flatnonzero((present[name] > closed).to_numpy(bool, na_value=False))
                if late.size:
                    row = int(late[0])
                    raise InvalidTicketError(
                        f"row {row}: {name} comes after the ticket was closed (closed_at)",
                        field=f"{name}[{row}]",
                    )
    settled = [present[n] for n in ANSWER_COLUMNS[1:] if n in present]
    return _earliest(list(present.values())), _earliest(settled)


def add_status(frame: pd.DataFrame, policy: Policy, now: datetime) -> pd.DataFrame:
    """A copy of ``frame`` with the :data:`STATUS_COLUMNS` of every ticket at ``now``.

    The answers equal :func:`ticket_status` for tickets with no pauses or changes.

    Raises:
        InvalidTicketError: a required column is missing, a submission is missing, or
            an answer comes before its submission (the message names the row).
        NaiveDatetimeError: an instant column has no zone.
        UnknownPlanError, UnknownSeverityError, OutOfRangeError.
    """
    frame = _frame(frame)
    answered, settled = _answers(frame)
    judged = judge(
        policy,
        frame["plan"],
        _severities(frame),
        frame["submitted_at"],
        answered,
        now,
        settled_at=settled,
    )
    out = frame.copy()
    out["response_due_at"] = judged.due_at
    out["state"] = pd.Series(judged.state, index=frame.index, dtype="string")
    out["elapsed"] = judged.elapsed
    out["response_time"] = judged.response_time
    out["at_risk"] = np.asarray(judged.at_risk)
    return out


def frame_report(frame: pd.DataFrame, policy: Policy, now: datetime) -> ComplianceReport:
    """The :class:`ComplianceReport` of a frame's tickets at ``now`` (merge partial ones)."""
    frame = _frame(frame)
    answered, settled = _answers(frame)
    plans, submitted = frame["plan"], frame["submitted_at"]
    return report(policy, plans, _severities(frame), submitted, answered, now, settled_at=settled)


def spark_status(frame: Any, policy: Policy, now: datetime) -> Any:
    """A Spark DataFrame of tickets with the :data:`STATUS_COLUMNS` added, per batch.

    Timestamps cross into each batch, and back, as microseconds since the epoch: Spark
    would hand them over as wall-clock times of the session's time zone (as that zone
    stands when the query runs, not when this is called), ambiguous once a year. So the
    answers are instants whatever the session's zone. Existing columns named as
    :data:`STATUS_COLUMNS` are replaced, as :func:`add_status` replaces them.
    """
    from pyspark.sql import functions as F, types as T  # noqa: PLC0415 - Spark only

    frame = frame.drop(*(name for name in STATUS_COLUMNS if name in frame.columns))
    instants = [f.name for f in frame.schema.fields if isinstance(f.dataType, T.TimestampType)]

    def column(name: str) -> Any:
        return F.col("`" + name.replace("`", "``") + "`")

    sent = frame.select(
        *(F.unix_micros(column(n)).alias(n) if n in instants else column(n) for n in frame.columns)
    )
    added = [
        T.StructField("response_due_at", T.LongType()),
        T.StructField("state", T.StringType()),
        T.StructField("elapsed", T.DayTimeIntervalType()),
        T.StructField("response_time", T.DayTimeIntervalType()),
        T.StructField("at_risk", T.BooleanType()),
    ]
    schema = T.StructType([*sent.schema.fields, *added])

    def batches(parts: Any) -> Any:
        for part in parts:
            for name in instants:
                part[name] = _from_micros(part[name])
            out = add_status(part, policy, now)
            out["state"] = out["state"].astype(object)
            for name in [*instants, "response_due_at"]:
                out[name] = _to_micros(out[name])
            yield out

    back = [*instants, "response_due_at"]
    judged = sent.mapInPandas(batches, schema=schema)
    return judged.select(
        *(
            F.timestamp_micros(column(n)).alias(n) if n in back else column(n)
            for n in judged.columns
        )
    )


def _from_micros(values: Any) -> Any:
    """Microseconds since the epoch (floats when some are missing) as UTC instants."""
    raw = values.to_numpy(dtype="float64", na_value=np.nan)
    missing = np.isnan(raw)
    micros = np.where(missing, 0, raw).astype(np.int64)  # exact: below 2**53
    micros[missing] = _NAT
    utc = pd.DatetimeIndex(micros.view("datetime64[us]")).tz_localize("UTC")
    return pd.Series(utc, index=values.index, name=values.name)


def _to_micros(values: Any) -> Any:
    """Instants as microseconds since the epoch (a nullable integer column)."""
    micros = values.dt.tz_convert("UTC").dt.tz_localize(None).astype("datetime64[us]")
    ints = micros.to_numpy().view(np.int64)
    out = pd.Series(ints, index=values.index, name=values.name, dtype="Int64")
    return out.mask(micros.isna())
