"""Self-audit on the network: read-only discovery probes, imported scans, reconciliation.

result = scan(ScanConfig(["192.168.1.0/24"]))
for host in result.hosts: print(host.address, host.manufacturer, host.disagreements)
"""

from custodes.scan.host import Conclusion, Host
from custodes.scan.identify import identify_all
from custodes.scan.probes import Observation
from custodes.scan.runner import DEFAULTS, ScanConfig, ScanResult, run_scan, scan

__all__ = [
    "DEFAULTS",
    "Conclusion",
    "Host",
    "Observation",
    "ScanConfig",
    "ScanResult",
    "identify_all",
    "run_scan",
    "scan",
]
