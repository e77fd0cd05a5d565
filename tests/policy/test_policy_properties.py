"""Properties of the engine over arbitrary devices and dates."""

from __future__ import annotations

from datetime import date

from hypothesis import given, settings
from hypothesis import strategies as st

from custodes.policy import DeviceFacts, builtin_packs, evaluate

PACKS = builtin_packs()
MAKERS = [
    "hikvision",
    "dahua",
    "huawei",
    "zte",
    "hytera",
    "tiandy",
    "uniview",
    "megvii",
    "sensetime",
    "iflytek",
    "yitu",
    "cloudwalk",
    "netposa",
    "dji",
    "axis",
    "bosch",
    "hanwha",
    "ezviz",
    "meiya-pico",
]
CAPABILITIES = [
    "face-detection",
    "face-recognition",
    "demographic-attributes",
    "ethnicity-categorisation",
    "anpr",
    "audio",
    "thermal",
    "ptz",
]
LEVELS = ["capable", "enabled", "in_use"]

ids = st.one_of(st.sampled_from(MAKERS), st.text(max_size=12))
devices = st.builds(
    DeviceFacts,
    manufacturer=st.one_of(st.none(), ids),
    group=st.frozensets(ids, max_size=4),
    country=st.one_of(st.none(), st.sampled_from(["CN", "SE", "US", "cn", ""]), st.text(max_size=3)),
    device_type=st.one_of(
        st.none(), st.sampled_from(["camera", "nvr", "access-control"]), st.text(max_size=8)
    ),
    capabilities=st.lists(
        st.tuples(
            st.one_of(st.sampled_from(CAPABILITIES), st.text(max_size=8)),
            st.one_of(st.sampled_from(LEVELS), st.text(max_size=8)),
        ),
        max_size=4,
    ).map(tuple),
)
dates = st.dates(min_value=date(2015, 1, 1), max_value=date(2035, 12, 31))


@settings(max_examples=300, deadline=None)
@given(devices, dates, dates)
def test_never_raises_and_is_monotone(device: DeviceFacts, first: date, second: date) -> None:
    early, late = sorted((first, second))
    before = evaluate(device, PACKS, early)
    after = evaluate(device, PACKS, late)
    ends = {(p.id, r.id): r.ends for p in PACKS for r in p.rules}
    later = {(f.pack, f.rule) for f in after}
    for finding in before:
        key = (finding.pack, finding.rule)
        if ends[key] is None:
            assert key in later
        assert finding.status == "in_force"
        assert finding.effective <= early
        assert finding.why.strip()


@settings(max_examples=200, deadline=None)
@given(devices, dates)
def test_upcoming_is_a_superset(device: DeviceFacts, as_of: date) -> None:
    now = evaluate(device, PACKS, as_of)
    with_upcoming = evaluate(device, PACKS, as_of, include_upcoming=True)
    assert [f for f in with_upcoming if f.status == "in_force"] == now
    assert all(f.effective > as_of for f in with_upcoming if f.status == "not_yet_in_force")
