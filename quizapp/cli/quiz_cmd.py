"""Placeholder: subcommands are added here by the issue that owns them."""

from __future__ import annotations

import argparse
from typing import Any


def register(sub: Any, common: argparse.ArgumentParser) -> None:
    """Add this module's subcommands to `sub` (each with `parents=[common]`)."""
