"""Reading weekly hours: times of day, windows, weekdays and ranges of weekdays."""

from __future__ import annotations

from datetime import UTC, time, timedelta, timezone

import pytest

from support_policy import InvalidCalendarError, WeeklyHours, Window


@pytest.mark.parametrize(
    ("opens", "closes", "minutes"),
    [
        ("00:00", "00:01", (0, 1)),
        ("9:05", "17:59", (545, 1079)),
        (" 09:00 ", "24:00", (540, 1440)),
        (time(8, 30), time(23, 59), (510, 1439)),
        (0, 1440, (0, 1440)),
    ],
)
def test_times_of_day_are_read_as_minutes(
    opens: object, closes: object, minutes: tuple[int, int]
) -> None:
    window = Window(opens, closes)
    assert (window.opens, window.closes) == minutes


@pytest.mark.parametrize(
    ("value", "message"),
    [
        (True, "^not a time of day: True$"),
        ("09:60", "^not a time of day '09:60'; write it as 'HH:MM'$"),
        ("9", "^not a time of day '9'; write it as 'HH:MM'$"),
        ("24:01", "^a time of day must lie between 00:00 and 24:00, got '24:01'$"),
        (-1, "^a time of day must lie between 00:00 and 24:00, got -1$"),
        (1441, "between 00:00 and 24:00, got 1441$"),
        (time(9, 0, 30), "^window times are whole minutes of local wall-clock time, got dat"),
        (time(9, 0, 0, 5), "^window times are whole minutes"),
        (time(9, tzinfo=UTC), "^window times are whole minutes"),
        (9.5, r"^not a time of day: 9\.5; write it as 'HH:MM'$"),
    ],
)
def test_what_is_not_a_time_of_day_is_refused(value: object, message: str) -> None:
    with pytest.raises(InvalidCalendarError, match=message):
        Window(value, "24:00")


def test_time_of_day_with_a_zone_is_refused_even_at_a_zero_offset() -> None:
    with pytest.raises(InvalidCalendarError, match="whole minutes of local wall-clock time"):
        Window(time(9, tzinfo=timezone(timedelta(0))), "17:00")


def test_a_window_must_close_after_it_opens() -> None:
    with pytest.raises(
        InvalidCalendarError, match=r"^a window must close after it opens, got 17:00-09:00"
    ):
        Window("17:00", "09:00")
    with pytest.raises(
        InvalidCalendarError, match="got 09:00-09:00; windows cannot cross midnight"
    ):
        Window("09:00", "09:00")


def test_window_text_is_read_and_written_back() -> None:
    assert Window.parse("13:00-14:30") == Window(780, 870)
    assert Window.parse(" 8:00 - 9:15 ") == Window(480, 555)
    assert str(Window(5, 1440)) == "00:05-24:00"
    assert repr(Window(545, 1079)) == "Window('09:05-17:59')"
    assert Window("22:00", "24:00").length == timedelta(hours=2)
    with pytest.raises(
        InvalidCalendarError, match=r"^not a window '0900'; write it as 'HH:MM-HH:MM'$"
    ):
        Window.parse("0900")
    with pytest.raises(InvalidCalendarError, match="'10:00-11:00'"):
        Window.parse("09:00-10:00-11:00")  # the first dash ends the opening time


def test_windows_are_ordered_and_may_touch_but_not_overlap() -> None:
    hours = WeeklyHours.parse({"mon": ["13:00-17:00", Window("09:00", "13:00")]})
    assert hours.on(0) == (Window("09:00", "13:00"), Window("13:00", "17:00"))
    assert WeeklyHours.parse({"mon": Window("09:00", "12:00")}).on(0) == (Window(540, 720),)
    assert WeeklyHours.parse({"mon": "09:00-12:00, ,13:00-17:00,"}).daily_total(0) == timedelta(
        hours=7
    )
    overlap = r"^windows 09:00-13:00 and 12:59-17:00 overlap$"
    with pytest.raises(InvalidCalendarError, match=overlap):
        WeeklyHours.parse({"mon": "12:59-17:00, 09:00-13:00"})
    with pytest.raises(InvalidCalendarError, match=r"^not a list of windows: 5$"):
        WeeklyHours.parse({"mon": 5})


@pytest.mark.parametrize(
    ("key", "days"),
    [
        (0, [0]),
        (6, [6]),
        ("mon", [0]),
        (" Sunday ", [6]),
        ("TUE", [1]),
        ("mon-fri", [0, 1, 2, 3, 4]),
        ("Saturday-sun", [5, 6]),
        ("wed-wed", [2]),
    ],
)
def test_weekdays_and_ranges_of_weekdays(key: object, days: list[int]) -> None:
    hours = WeeklyHours.parse({key: "09:00-10:00"})
    assert [d for d in range(7) if hours.on(d)] == days


@pytest.mark.parametrize("key", [7, -1, True, "fri-mon", "mon-", "funday", "mon-funday", 1.0])
def test_what_is_not_a_weekday_is_refused(key: object) -> None:
    with pytest.raises(
        InvalidCalendarError, match=r"^not a weekday or range of weekdays: "
    ) as info:
        WeeklyHours.parse({key: "09:00-10:00"})
    assert repr(key) in str(info.value)


def test_weekly_hours_hold_seven_days_of_at_most_eight_windows() -> None:
    eight = ", ".join(f"{h:02d}:00-{h:02d}:30" for h in range(8, 16))
    assert len(WeeklyHours.parse({"mon": eight}).on(0)) == 8
    with pytest.raises(InvalidCalendarError, match=r"^Monday has 9 windows; at most 8 a day$"):
        WeeklyHours.parse({"mon": eight + ", 17:00-18:00"})
    with pytest.raises(InvalidCalendarError, match=r"^Sunday has 9 windows"):
        WeeklyHours.parse({"sun": eight + ", 17:00-18:00"})
    with pytest.raises(InvalidCalendarError, match=r"^weekly hours need 7 days, got 6$"):
        WeeklyHours(((),) * 6)
    with pytest.raises(InvalidCalendarError, match=r"^Tuesday is given more than once$"):
        WeeklyHours.parse({"tue": "09:00-10:00", "mon-wed": "11:00-12:00"})
    with pytest.raises(TypeError, match=r"got list$"):
        WeeklyHours.parse([("mon", "09:00-17:00")])  # type: ignore[arg-type]


def test_weekly_hours_read_back_in_runs_of_equal_days() -> None:
    hours = WeeklyHours.parse(
        {
            "mon-tue": "09:00-17:00",
            "wed": "10:00-12:00",
            "thu-fri": "09:00-17:00",
            "sun": "10:00-11:00",
        }
    )
    assert str(hours) == (
        "Mon\u2013Tue 09:00-17:00; Wed 10:00-12:00; Thu\u2013Fri 09:00-17:00; Sun 10:00-11:00"
    )
    assert str(WeeklyHours.parse({"sat": "10:00-11:00"})) == "Sat 10:00-11:00"


@pytest.mark.parametrize("weekday", [7, -1, -7, True, 2.0, "1", None])
def test_a_weekday_is_a_number_from_0_to_6(weekday: object) -> None:
    hours = WeeklyHours.parse({"mon-sun": "09:00-17:00"})
    with pytest.raises(InvalidCalendarError, match="0 \\(Monday\\) to 6 \\(Sunday\\)"):
        hours.on(weekday)  # type: ignore[arg-type]
    with pytest.raises(InvalidCalendarError):
        hours.daily_total(weekday)  # type: ignore[arg-type]
    assert [len(hours.on(d)) for d in range(7)] == [1] * 7
