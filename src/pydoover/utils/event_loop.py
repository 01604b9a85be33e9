"""Is this code running inside an asyncio event loop?"""

from __future__ import annotations

import asyncio


def get_is_async(is_async: bool | None = None) -> bool:
    """Return ``is_async`` when given, else whether an event loop is running in this thread.

    Example::

        get_is_async()        # False in a plain script, True inside ``async def main()``
        get_is_async(False)   # False: an explicit choice wins
    """
    if is_async is not None:
        return is_async
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return False
    return True
