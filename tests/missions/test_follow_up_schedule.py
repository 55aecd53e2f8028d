"""The schedule of follow-up meetings derived from a mission's dates, and the state of each
meeting on fixed dates (done, overdue, due this week, upcoming)."""
import datetime as dt

from services.missions.follow_ups.domain import FollowUp, Meeting, schedule

D = dt.date
START, END = D(2025, 9, 1), D(2026, 4, 30)


def slots(meetings):
    return [(m.kind, m.due_on) for m in meetings]


def test_arrival_within_the_first_month_then_monthly_mid_term_and_final():
    assert slots(schedule(START, END)) == [
        ("arrival", D(2025, 10, 1)), ("monthly", D(2025, 11, 1)), ("monthly", D(2025, 12, 1)),
        # 2026-01-01 is two days after mid-term: the mid-term meeting is that month's
        ("mid_term", D(2025, 12, 30)), ("monthly", D(2026, 2, 1)), ("monthly", D(2026, 3, 1)),
        ("monthly", D(2026, 4, 1)), ("final", D(2026, 4, 30))]


def test_a_short_mission_has_arrival_mid_term_and_final_only():
    # under two months: the arrival meeting is due by mid-term at the latest
    assert slots(schedule(D(2025, 1, 6), D(2025, 2, 28))) == [
        ("arrival", D(2025, 2, 1)), ("mid_term", D(2025, 2, 1)), ("final", D(2025, 2, 28))]


def test_each_meeting_is_matched_with_one_held_in_its_month_or_after():
    held = [FollowUp("a", "arrival", D(2025, 9, 20)),
            FollowUp("e", "monthly", D(2025, 9, 25)),   # too early for the month-2 meeting
            FollowUp("b", "monthly", D(2025, 10, 28)),
            FollowUp("x", "ad_hoc", D(2025, 11, 15))]   # ad hoc meetings fill no slot
    meetings = schedule(START, END, held)
    done = [(m.kind, m.due_on, m.done_on) for m in meetings if m.done_on]
    assert done == [("arrival", D(2025, 10, 1), D(2025, 9, 20)),
                    ("monthly", D(2025, 11, 1), D(2025, 10, 28))]


def test_the_states_on_fixed_dates():
    held = [FollowUp("a", "arrival", D(2025, 9, 20)), FollowUp("b", "monthly", D(2025, 10, 28))]
    meetings = {(m.kind, m.due_on): m for m in schedule(START, END, held)}
    december = meetings[("monthly", D(2025, 12, 1))]
    assert december.state(D(2025, 11, 26)) == "upcoming"       # next week
    assert december.state(D(2025, 11, 24)) == "upcoming"
    assert december.state(D(2025, 12, 1)) == "due_this_week"   # due today, a Monday
    assert meetings[("mid_term", D(2025, 12, 30))].state(D(2025, 12, 29)) == "due_this_week"
    assert december.state(D(2025, 12, 3)) == "overdue"
    assert meetings[("arrival", D(2025, 10, 1))].state(D(2026, 1, 1)) == "done"
    assert Meeting("final", D(2026, 4, 30)).state(D(2026, 4, 26)) == "upcoming"  # a Sunday
    assert Meeting("final", D(2026, 4, 30)).state(D(2026, 4, 27)) == "due_this_week"
