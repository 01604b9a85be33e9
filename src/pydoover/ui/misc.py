"""Special elements: connection info, the notification stream, multi-series plots, cameras and
remote (web) components.

    >>> from pydoover import ui
    >>> ui.ConnectionInfo(connection_type=ui.ConnectionType.periodic, connection_period=600).to_dict()
    {'name': 'connectionInfo', 'type': 'uiConnectionInfo', 'connectionType': 'periodic', 'connectionPeriod': 600}
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from .containers import Container
from .element import Element, UIUsageError, drop_none, json_value
from .helpers import ConnectionType


class ConnectionInfo(Element):
    """How the device connects, so the site knows when to show it offline.

    ``connection_period``, ``next_connection`` and ``allowed_misses`` only make sense for a
    periodic connection; passing them with another type is a ``ValueError``.
    """

    type = "uiConnectionInfo"

    def __init__(
        self,
        name: str = "connectionInfo",
        connection_type: ConnectionType | str = ConnectionType.constant,
        connection_period: int | None = None,
        next_connection: int | None = None,
        offline_after: int | None = None,
        allowed_misses: int | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(name, None, **kwargs)
        self.connection_type = ConnectionType(connection_type)
        self.connection_period = connection_period
        self.next_connection = next_connection
        self.offline_after = offline_after
        self.allowed_misses = allowed_misses
        periodic_only = {
            "connection_period": connection_period,
            "next_connection": next_connection,
            "allowed_misses": allowed_misses,
        }
        given = [key for key, value in periodic_only.items() if value is not None]
        if given and self.connection_type is not ConnectionType.periodic:
            raise UIUsageError(f"ConnectionInfo: {', '.join(given)} need connection_type=ConnectionType.periodic")

    def to_dict(self) -> dict[str, Any]:
        return drop_none(
            {
                "name": self.name,
                "type": self.type,
                "connectionType": self.connection_type.value,
                "connectionPeriod": self.connection_period,
                "nextConnection": self.next_connection,
                "offlineAfter": self.offline_after,
                "allowedMisses": self.allowed_misses,
            }
        )


class AlertStream(Element):
    """The notifications banner; the site fills it from the ``significantEvent`` channel.

    Keep the default name: the site listens to ``significantEvent`` whatever it is called.
    """

    type = "uiAlertStream"

    def __init__(self, name: str = "significantEvent", display_name: str = "placeholder", **kwargs: Any) -> None:
        super().__init__(name, display_name, **kwargs)


class Multiplot(Element):
    """Several series on one plot."""

    type = "uiMultiPlot"

    def __init__(
        self,
        name: str,
        display_name: str | None,
        series: list[str],
        series_colours: list[str] | None = None,
        series_active: list[bool] | None = None,
        earliest_data_time: datetime | int | None = None,
        title: str | None = None,
        shared_axis: list[bool] | None = None,
        step_labels: list[str] | None = None,
        step_padding: list[int] | None = None,
        default_zoom: str | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(name, display_name, **kwargs)
        self.series = series
        self.series_colours = series_colours
        self.series_active = series_active
        self.earliest_data_time = earliest_data_time
        self.title = title
        self.shared_axis = shared_axis
        self.step_labels = step_labels
        self.step_padding = step_padding
        self.default_zoom = default_zoom

    def _type_fields(self) -> dict[str, Any]:
        return {
            "series": self.series,
            "colours": self.series_colours,
            "activeSeries": self.series_active,
            "sharedAxis": self.shared_axis,
            "stepLabels": self.step_labels,
            "stepPadding": self.step_padding,
            "defaultZoom": self.default_zoom,
            "title": self.title,
            "earliestDataDate": json_value(self.earliest_data_time),
        }


class Camera(Container):
    """A camera's latest image; ``uri``, ``output_type``, ``mp4_output_length`` and ``wake_delay``
    are for the camera app and (as in classic pydoover) are not sent to the site."""

    type = "uiCamera"

    def __init__(
        self,
        name: str,
        display_name: str | None = None,
        uri: str | None = None,
        output_type: str | None = None,
        mp4_output_length: int | None = None,
        wake_delay: int = 5,
        children: list[Element] | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(name, display_name, children=children, **kwargs)
        self.uri = uri
        self.output_type = output_type
        self.mp4_output_length = mp4_output_length
        self.wake_delay = wake_delay

    def _type_fields(self) -> dict[str, Any]:
        fields = super()._type_fields()
        if not fields["children"]:
            fields.pop("children")
        return fields


class CameraHistory(Camera):
    """A camera's image history."""

    type = "uiCameraFeed"


class RemoteComponent(Container):
    """A web component loaded from ``component_url``; every extra keyword is sent along to it."""

    type = "uiRemoteComponent"

    def __init__(
        self,
        name: str,
        display_name: str | None,
        component_url: str,
        children: list[Element] | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(name, display_name, children=children, component_url=component_url, **kwargs)
