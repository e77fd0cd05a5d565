"""custodes: what surveillance equipment is this, who really made it, what can it do, which rules apply."""

__version__ = "0.1.0"
