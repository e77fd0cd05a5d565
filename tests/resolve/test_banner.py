"""Banner matching on the strings users actually paste, and on junk."""

from __future__ import annotations

from functools import lru_cache

import pytest
from hypothesis import given
from hypothesis import strategies as st

from custodes.kb import load_kb
from custodes.resolve.banner import BannerMatch, BannerMatcher, shape


@lru_cache(maxsize=1)
def matcher() -> BannerMatcher:
    return BannerMatcher(load_kb())


def match(text: str) -> BannerMatch:
    found = matcher().match(text)
    assert found is not None, f"no fingerprint for {text!r}"
    return found


@pytest.mark.parametrize(
    ("text", "maker", "model", "device_type"),
    [
        ("Server: App-webs/", "hikvision", None, "camera"),
        ("Hikvision-Webs", "hikvision", None, "dvr"),
        ("server:DNVRS-Webs", "hikvision", None, "dvr"),
        ('Basic realm="DCS-2530L"', "d-link", "DCS-2530L", "camera"),
        ('WWW-Authenticate: Digest realm="HIKVISION", nonce="abc"', "hikvision", None, "dvr"),
        ("NETSurveillance WEB", "xiongmai", None, None),
        ("title: NETSurveillance WEB", "xiongmai", None, None),
        ("Dahua Rtsp Server", "dahua", None, "camera"),
        ("89b932fcc47cf4ca3faadb0cfdef89cf", "hikvision", None, "dvr"),
        ("89B932FCC47CF4CA3FAADB0CFDEF89CF", "hikvision", None, "dvr"),
        ("192.0.0.64 login:", "hikvision", None, None),
        ("CN=axis-accc8ea31abf,O=Axis Communications AB", "axis", None, "camera"),
        ("AXIS,Network Camera,P3343,5.20.3", "axis", "P3343", "camera"),
        ("Axis 2100 Network Camera 2.43 Nov 04 2008 ready.", "axis", "2100", "camera"),
        ("<title>WEB SERVICE</title>", "dahua", None, None),
        ("  Server:  App-webs/  \r\n", "hikvision", None, "camera"),
    ],
)
def test_pasted_banners(text: str, maker: str, model: str | None, device_type: str | None) -> None:
    found = match(text)
    assert (found.manufacturer, found.model, found.device_type) == (maker, model, device_type)
    assert found.sources and all(s.startswith("https://") for s in found.sources)
    assert 0.0 < found.certainty <= 1.0
    assert found.matched


def test_oem_dvr_header_has_low_certainty() -> None:
    oem = match("DNVRS-Webs")
    assert oem.rule == "fingerprints:hikvision-oem-dvr-webs"
    assert oem.certainty == 0.5
    assert match("Hikvision-Webs").rule == "recog:http_servers.xml:3067"


def test_generic_title_needs_to_be_named_as_a_title() -> None:
    assert matcher().match("WEB SERVICE") is None
    assert match("html title: WEB SERVICE").manufacturer == "dahua"


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   ",
        "Car park camera 3",
        "Unknown",
        "Hik DS-2CD2143G0-I dome",
        "IPC-HFW2431S-S-S2",
        "camera",
        "Server room camera",
        "Web server",
        "Welcome to the town hall",
        "login:",
        "0123456789abcdef0123456789abcdef",  # a hex string of the right shape, unknown
        "999357577",  # the Hikvision Shodan hash needs its query prefix
        'Basic realm="Restricted"',
        "CN=localhost",
        "Cross Web Server",  # HiSilicon SDK DVRs: deliberately not attributed
    ],
)
def test_junk_is_rejected(text: str) -> None:
    assert matcher().match(text) is None


@pytest.mark.parametrize(
    "text",
    ["Car park camera 3", "Unknown", "Server room camera", "Hik DS-2CD2143G0-I dome", "Linux"],
)
def test_register_text_is_rejected_before_any_pattern_runs(text: str) -> None:
    assert not matcher().passes_prefilter(text)


def test_prefilter_lets_banners_through() -> None:
    assert matcher().passes_prefilter("Server: App-webs/")
    assert matcher().passes_prefilter("89b932fcc47cf4ca3faadb0cfdef89cf")


def test_shape_picks_databases() -> None:
    assert shape("Server: App-webs/") == ("App-webs/", ("server",), True)
    assert shape('Basic realm="x"')[1] == ("wwwauth",)
    assert shape("D9526978908979FA5018DB0CCC762AA0")[:2] == (
        "d9526978908979fa5018db0ccc762aa0",
        ("favicon",),
    )
    assert shape("CN=x,O=Axis Communications AB")[1] == ("x509",)
    assert shape("<title>AXIS</title>") == ("AXIS", ("title",), True)
    assert "server" in shape("anything else")[1]


_FRAGMENTS = st.sampled_from(
    [
        "Server:",
        "title:",
        "realm=",
        '"',
        "CN=",
        ",O=",
        "-Webs",
        "App-webs/",
        "login:",
        "\r\n",
        "AXIS",
        "Hikvision",
        "\x00",
        "(",
        "[",
        "\\",
        "é",
        "Network Camera",
        " ",
    ]
)


@given(st.text(max_size=300))
def test_never_raises_on_any_text(text: str) -> None:
    found = matcher().match(text)
    assert found is None or found.manufacturer in load_kb().manufacturers


@given(st.lists(_FRAGMENTS | st.text(max_size=5), max_size=12).map("".join))
def test_never_raises_on_banner_like_text(text: str) -> None:
    matcher().match(text)


def test_very_long_input_is_bounded() -> None:
    assert matcher().match("Server: " + "A" * 1_000_000) is None


def test_every_fingerprint_says_the_grade_of_its_sources() -> None:
    """A record resting on a banner says how strong that is: community sets are grade D."""
    assert all(fp.grade in ("A", "B", "C", "D") for fp in matcher().rules)
    from custodes.resolve import default_resolver

    device = default_resolver().resolve("Server: App-webs/").all_devices()[0]
    assert [e.grade for e in device.evidence if e.rule.startswith("fingerprints:")] == ["D"]
