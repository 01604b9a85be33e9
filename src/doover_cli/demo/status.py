"""`doover demo`'s status line: every few seconds, the tank level, the pump and the supply voltage,
read back from the local DDA as any other client would, with the tips for a second terminal first."""

from __future__ import annotations

import asyncio

from ..output import note

EVERY = 5.0  # seconds between status lines
TIPS = (
    "in another terminal try: `doover apps ps`, `doover channel tail tag_values`, `doover io get-ai 0`, "
    """`doover channel publish ui_cmds '{"cmds": {"tank_controller_mode": "off"}}'`"""
)


def status_text(tags: dict, app_key: str) -> str | None:
    """``level 52.3 %, pump on, supply 24.1 V`` from the app's tags (None before its first loop)."""
    mine = tags.get(app_key) if isinstance(tags, dict) else None
    if not isinstance(mine, dict) or "level" not in mine:
        return None
    supply = mine.get("supply_voltage")
    volts = "unknown" if supply is None else f"{supply:g} V"
    return f"level {mine['level']:g} %, pump {'on' if mine.get('pump_on') else 'off'}, supply {volts}"


async def report_status(session, app_key: str, every: float = EVERY) -> None:
    """Note the status line every ``every`` seconds until cancelled (the tips before the first)."""
    from pydoover.docker import DeviceAgentInterface

    agent = None
    tipped = False
    try:
        while True:
            await asyncio.sleep(every)
            agent = agent or DeviceAgentInterface("doover-demo", session.bridges.uris["dda"], is_async=True)
            text = status_text(await agent.get_channel_aggregate_async("tag_values") or {}, app_key)
            if text is None:
                continue
            if not tipped:
                note(TIPS)
                tipped = True
            note(text)
    finally:
        if agent is not None:
            await agent.close_async()
