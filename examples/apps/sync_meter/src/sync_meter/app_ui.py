"""The supply meter's page on the Doover site."""

from datetime import datetime

from pydoover import ui

from .app_config import SyncMeterConfig


class SyncMeterUI:
    def __init__(self, config: SyncMeterConfig):
        self.voltage = ui.NumericVariable("voltage", "Voltage (V)", precision=1)
        self.show_limits(config)
        self.current = ui.NumericVariable("current", "Current (A)", precision=2)
        self.power = ui.NumericVariable("power", "Power (W)", precision=0, form=ui.Widget.linear)
        self.peak_power = ui.NumericVariable("peak_power", "Peak Power (W)", precision=0)
        self.energy = ui.NumericVariable("energy", "Energy (kWh)", precision=3)
        self.cabinet_temperature = ui.NumericVariable("cabinet_temperature", "Cabinet Temperature (°C)", precision=1)
        self.relay_closed = ui.BooleanVariable("relay_closed", "Supply Relay Closed")
        self.status = ui.TextVariable("status", "Meter")
        self.last_reading = ui.DateTimeVariable("last_reading", "Last Reading")
        self.meter_label = ui.TextParameter("meter_label", "Meter Label")
        self.plot = ui.Multiplot(
            "supply_plot",
            "Supply",
            series=["voltage", "current", "power"],
            series_colours=[ui.Colour.blue, ui.Colour.orange, ui.Colour.green],
            series_active=[True, False, True],
            title="Supply",
        )
        self.connection = ui.ConnectionInfo(
            connection_type=ui.ConnectionType.periodic, connection_period=600, next_connection=600
        )

    def show_limits(self, config: SyncMeterConfig):
        """Draw the alarm limits on the voltage gauge (again after a live reconfiguration)."""
        low, high = config.low_voltage.value, config.high_voltage.value
        self.voltage.ranges = [
            ui.Range("Low", low - 20, low, ui.Colour.red),
            ui.Range("Normal", low, high, ui.Colour.green),
            ui.Range("High", high, high + 20, ui.Colour.red),
        ]

    def fetch(self):
        return [
            self.connection,
            self.status,
            self.voltage,
            self.current,
            self.power,
            self.peak_power,
            self.energy,
            self.cabinet_temperature,
            self.relay_closed,
            self.last_reading,
            self.plot,
            self.meter_label,
        ]

    def update(self, voltage: float, current: float, power: float, peak: float, temperature: float | None):
        self.voltage.update(voltage)
        self.current.update(current)
        self.power.update(power)
        self.peak_power.update(peak)
        self.cabinet_temperature.update(temperature)
        self.last_reading.update(datetime.now())
