"""Noise people and exports add around a model code never changes who made it."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from custodes.resolve import default_resolver

CODES = {
    "DS-2CD2143G0-I": "hikvision",
    "IPC-HFW2431T-AS-S2": "dahua",
    "DH-IPC-HFW1320SN": "dahua",
    "SNC-DM160": "sony",
}
NOISE = st.sampled_from(
    [
        lambda c: c + " (2.8mm",  # bracket never closed
        lambda c: c + " 2.8mm)",  # bracket never opened
        lambda c: c + " [2.8mm]",
        lambda c: c + "（2.8mm）",  # full-width brackets
        lambda c: c + "摄像机",  # a non-ASCII suffix glued on
        lambda c: c.replace("-", "_"),  # underscores from a system export
        lambda c: c + " Mk II",
        lambda c: "  " + c + "\t",
    ]
)


@settings(max_examples=100)
@given(st.sampled_from(sorted(CODES)), NOISE)
def test_noise_keeps_the_maker(code: str, noise: object) -> None:
    text = noise(code)  # type: ignore[operator]
    record = default_resolver().resolve(text).to_dict()
    assert record["manufacturer"] == CODES[code], text
    assert record["model"] is not None and "(" not in record["model"] and record["model"].isascii(), text
