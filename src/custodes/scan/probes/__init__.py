"""One module per probe, all behind :class:`custodes.scan.probes.base.Probe`."""

from __future__ import annotations

from custodes.scan.probes.base import BadReply, Context, Observation, Probe
from custodes.scan.probes.dhip import DHIP
from custodes.scan.probes.http import HTTP
from custodes.scan.probes.neighbours import Neighbours
from custodes.scan.probes.onvif import ONVIF
from custodes.scan.probes.rtsp import RTSP
from custodes.scan.probes.sadp import SADP
from custodes.scan.probes.ssdp import SSDP


def default_probes() -> list[Probe]:
    """Every probe, network ones first; the neighbour table is read last (after traffic)."""
    return [SADP(), DHIP(), ONVIF(), SSDP(), HTTP(), RTSP()]


__all__ = [
    "DHIP",
    "HTTP",
    "ONVIF",
    "RTSP",
    "SADP",
    "SSDP",
    "BadReply",
    "Context",
    "Neighbours",
    "Observation",
    "Probe",
    "default_probes",
]
