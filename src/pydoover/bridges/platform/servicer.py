"""gRPC servicer for the local Platform bridge: protobuf in, SimulatedDevice call, protobuf out."""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
from datetime import UTC, datetime

from ..._grpc import platform_iface_pb2 as pb
from ..._grpc import platform_iface_pb2_grpc as pb_grpc
from ..answers import error_answers
from .device import EVENT_LOG_SIZE, FALLING, RISING, IoEvent, PinError, SimulatedDevice
from .system import SystemState

log = logging.getLogger(__name__)

NOT_ON_SIMULATOR = "the simulated device has no {what}; this rpc only works on a real Doover controller"
EDGES = {"rising": (RISING,), "falling": (FALLING,), "both": (RISING, FALLING)}


def ok() -> pb.ResponseHeader:
    return pb.ResponseHeader(success=True)


def failed(code: int, message: str) -> pb.ResponseHeader:
    return pb.ResponseHeader(success=False, response_code=code, message=message)


# Bad pins and values become ``success=false`` answers; the bridge keeps serving.
answers = error_answers(failed, {PinError: 400, ValueError: 400})


def to_event(event: IoEvent) -> pb.EventDetail:
    return pb.EventDetail(
        event_id=event.event_id, event=event.event, pin=event.pin, value=event.value, time=event.time_ms
    )


class PlatformServicer(pb_grpc.platformIfaceServicer):
    def __init__(self, device: SimulatedDevice, system: SystemState):
        self.device, self.system = device, system

    # -- I/O ------------------------------------------------------------------------------

    @answers(pb.TestCommsResponse)
    async def TestComms(self, request, context):
        return pb.TestCommsResponse(response_header=ok(), response=request.message)

    @answers(pb.getDIResponse)
    async def getDI(self, request, context):
        pins = list(request.di)
        values = self.device.read("di", pins)
        response = pb.getDIResponse(response_header=ok(), di=values)
        if request.include_pulses:
            for pin, value in zip(pins, values, strict=True):
                count = self.device.rising_edges[pin]
                response.readings.append(pb.DIReading(pin=pin, value=value, pulse_count=count))
        return response

    @answers(pb.getAIResponse)
    async def getAI(self, request, context):
        return pb.getAIResponse(response_header=ok(), ai=self.device.read("ai", list(request.ai)))

    @answers(pb.getDOResponse)
    async def getDO(self, request, context):
        return pb.getDOResponse(response_header=ok(), do=self.device.read("do", list(request.do)))

    @answers(pb.getAOResponse)
    async def getAO(self, request, context):
        return pb.getAOResponse(response_header=ok(), ao=self.device.read("ao", list(request.ao)))

    @answers(pb.getDOCurrentResponse)
    async def getDOCurrent(self, request, context):
        return pb.getDOCurrentResponse(response_header=ok(), current=self.device.do_current(list(request.do)))

    @answers(pb.setDOResponse)
    async def setDO(self, request, context):
        self.device.write("do", list(request.do), [float(v) for v in request.value])
        return pb.setDOResponse(response_header=ok(), do=self.device.read("do", list(request.do)))

    @answers(pb.setAOResponse)
    async def setAO(self, request, context):
        self.device.write("ao", list(request.ao), list(request.value))
        return pb.setAOResponse(response_header=ok(), ao=self.device.read("ao", list(request.ao)))

    @answers(pb.scheduleDOResponse)
    async def scheduleDO(self, request, context):
        self.device.schedule("do", list(request.do), [float(v) for v in request.value], request.time_secs)
        return pb.scheduleDOResponse(response_header=ok(), do=list(request.value), time_secs=request.time_secs)

    @answers(pb.scheduleAOResponse)
    async def scheduleAO(self, request, context):
        self.device.schedule("ao", list(request.ao), list(request.value), request.time_secs)
        return pb.scheduleAOResponse(response_header=ok(), ao=list(request.value), time_secs=request.time_secs)

    async def startPulseCounter(self, request, context):
        edge = request.edge or "rising"
        if edge not in EDGES:
            yield pb.pulseCounterResponse(
                response_header=failed(400, f"edge must be rising, falling or both, not {edge!r}")
            )
            return
        try:
            self.device.check_pins("di", [request.di])
        except PinError as exc:
            yield pb.pulseCounterResponse(response_header=failed(400, str(exc)))
            return
        # Bounded: a client reading slower than the pulses arrive misses edges, the bridge does not grow.
        queue: asyncio.Queue[tuple[IoEvent, float]] = asyncio.Queue(EVENT_LOG_SIZE)

        def on_edge(event: IoEvent, t: float) -> None:
            if event.pin == request.di and event.event in EDGES[edge]:
                with contextlib.suppress(asyncio.QueueFull):
                    queue.put_nowait((event, t))

        remove = self.device.add_listener(on_edge)
        last = self.device.uptime
        # A header-only first answer tells the client it is listening; with no dt_secs it
        # does not count as a pulse.
        yield pb.pulseCounterResponse(response_header=ok(), di=request.di)
        try:
            while True:
                event, t = await queue.get()
                dt, last = max(t - last, 1e-6), t
                yield pb.pulseCounterResponse(
                    response_header=ok(), di=request.di, value=event.event == RISING, dt_secs=dt
                )
        finally:
            remove()

    @answers(pb.getEventsResponse)
    async def getEvents(self, request, context):
        events = self.device.events_since(request.events_from)
        return pb.getEventsResponse(response_header=ok(), events=[to_event(e) for e in events], events_synced=True)

    @answers(pb.getDIEventsResponse)
    async def getDIEvents(self, request, context):
        self.device.check_pins("di", [request.pin])
        kinds = tuple(k for k, wanted in ((RISING, request.rising), (FALLING, request.falling)) if wanted)
        events = self.device.events_since(request.events_from, request.pin, kinds)
        return pb.getDIEventsResponse(response_header=ok(), events=[to_event(e) for e in events], events_synced=True)

    @answers(pb.getIoTableResponse)
    async def getIoTable(self, request, context):
        return pb.getIoTableResponse(response_header=ok(), io_table=json.dumps(self.device.io_table()))

    @answers(pb.getIoDetailsResponse)
    async def getIoDetails(self, request, context):
        channels = []
        for io_type in ("di", "do", "ai", "ao"):
            for pin, spec in enumerate(getattr(self.device.spec, io_type)):
                is_di = io_type == "di"
                channels.append(
                    pb.IoChannelDetail(
                        channel=pin,
                        device_channel=pin,
                        io_type=io_type.upper(),
                        kind=getattr(spec, "kind", "digital"),
                        units=getattr(spec, "units", ""),
                        supports_events=is_di,
                        supports_pulse_counter=is_di,
                        supports_di_config=is_di,
                        supports_pulse_count=is_di,
                    )
                )
        master = pb.IoDeviceDetail(
            name="master", type="doover-sim", index=0, is_master=True, online=True, channels=channels
        )
        return pb.getIoDetailsResponse(response_header=ok(), devices=[master])

    @answers(pb.getValueResponse)
    async def getValue(self, request, context):
        return pb.getValueResponse(response_header=ok(), value=[self.system.values.get(n, "") for n in request.name])

    @answers(pb.setValueResponse)
    async def setValue(self, request, context):
        if len(request.name) != len(request.value):
            raise ValueError(f"{len(request.name)} names but {len(request.value)} values")
        self.system.values.update(zip(request.name, request.value, strict=True))
        return pb.setValueResponse(response_header=ok(), value=list(request.value))

    # -- system ---------------------------------------------------------------------------

    @answers(pb.getSystemStatusResponse)
    async def getSystemStatus(self, request, context):
        s = self.system
        return pb.getSystemStatusResponse(
            response_header=ok(),
            input_voltage=s.voltage,
            temperature=s.temperature,
            rtc_time=datetime.now(UTC).isoformat(timespec="seconds"),
            uptime=self.device.uptime,
            system_info=json.dumps(
                {"device": self.device.spec.name, "firmware": s.firmware_version, "simulated": True}
            ),
            scheduled_startup_secs=int(s.startup_in_secs or 0),
            scheduled_shutdown_secs=int(s.shutdown_in_secs or 0),
            system_current=s.current_amps,
            system_power=s.power_watts,
            wake_reason=s.wake_reason or "",
            wake_on_voltage=s.wake_on_voltage or 0.0,
        )

    @answers(pb.getInputVoltageResponse)
    async def getInputVoltage(self, request, context):
        return pb.getInputVoltageResponse(response_header=ok(), voltage=self.system.voltage)

    @answers(pb.getSystemPowerResponse)
    async def getSystemPower(self, request, context):
        return pb.getSystemPowerResponse(response_header=ok(), power_watts=self.system.power_watts)

    @answers(pb.getTemperatureResponse)
    async def getTemperature(self, request, context):
        return pb.getTemperatureResponse(response_header=ok(), temperature=self.system.temperature)

    @answers(pb.getLocationResponse)
    async def getLocation(self, request, context):
        location = self.device.spec.system.location
        if location is None:
            return pb.getLocationResponse(response_header=ok())  # no fix: no coordinates, as on a device
        fields = {k: v for k, v in location.model_dump().items() if v is not None}
        return pb.getLocationResponse(
            response_header=ok(), timestamp=datetime.now(UTC).isoformat(timespec="seconds"), **fields
        )

    @answers(pb.syncRtcTimeResponse)
    async def syncRtcTime(self, request, context):
        return pb.syncRtcTimeResponse(response_header=ok())  # the simulated RTC is the host clock

    @answers(pb.getShutdownImmunityResponse)
    async def getShutdownImmunity(self, request, context):
        return pb.getShutdownImmunityResponse(response_header=ok(), immunity_secs=self.system.immunity_secs)

    @answers(pb.setShutdownImmunityResponse)
    async def setShutdownImmunity(self, request, context):
        if request.immunity_secs < 0:
            raise ValueError(f"immunity_secs must be zero or more, not {request.immunity_secs}")
        self.system.immunity_secs = request.immunity_secs
        return pb.setShutdownImmunityResponse(response_header=ok(), immunity_secs=request.immunity_secs)

    @answers(pb.scheduleStartupResponse)
    async def scheduleStartup(self, request, context):
        self.system.startup_in_secs = request.time_secs
        return pb.scheduleStartupResponse(response_header=ok(), time_secs=request.time_secs)

    @answers(pb.scheduleShutdownResponse)
    async def scheduleShutdown(self, request, context):
        self.system.shutdown_in_secs = request.time_secs
        return pb.scheduleShutdownResponse(response_header=ok(), time_secs=request.time_secs)

    @answers(pb.rebootResponse)
    async def reboot(self, request, context):
        self.device.reboot()
        self.system.wake_reason = "reboot"
        return pb.rebootResponse(response_header=ok())

    @answers(pb.shutdownResponse)
    async def shutdown(self, request, context):
        return pb.shutdownResponse(
            response_header=failed(501, NOT_ON_SIMULATOR.format(what="power control to shut down"))
        )

    @answers(pb.getWakeOnVoltageResponse)
    async def getWakeOnVoltage(self, request, context):
        response = pb.getWakeOnVoltageResponse(response_header=ok())
        if self.system.wake_on_voltage is not None:
            response.voltage = self.system.wake_on_voltage
        return response

    @answers(pb.setWakeOnVoltageResponse)
    async def setWakeOnVoltage(self, request, context):
        voltage = request.voltage if request.HasField("voltage") and request.voltage > 0 else None
        self.system.wake_on_voltage = voltage
        response = pb.setWakeOnVoltageResponse(response_header=ok())
        if voltage is not None:
            response.voltage = voltage
        return response

    @answers(pb.getWakeReasonResponse)
    async def getWakeReason(self, request, context):
        response = pb.getWakeReasonResponse(response_header=ok())
        if self.system.wake_reason:
            response.wake_reason = self.system.wake_reason
        return response

    @answers(pb.getSleepLogResponse)
    async def getSleepLog(self, request, context):
        return pb.getSleepLogResponse(response_header=ok())  # the simulated device never sleeps

    @answers(pb.getSleepLogIntervalResponse)
    async def getSleepLogInterval(self, request, context):
        return pb.getSleepLogIntervalResponse(response_header=ok(), interval_secs=self.system.sleep_log_interval_secs)

    @answers(pb.setSleepLogIntervalResponse)
    async def setSleepLogInterval(self, request, context):
        if request.interval_secs < 0:
            raise ValueError(f"interval_secs must be zero or more, not {request.interval_secs}")
        self.system.sleep_log_interval_secs = request.interval_secs
        return pb.setSleepLogIntervalResponse(response_header=ok(), interval_secs=request.interval_secs)

    @answers(pb.getDIConfigResponse)
    async def getDIConfig(self, request, context):
        self.device.check_pins("di", [request.pin])
        return pb.getDIConfigResponse(
            response_header=ok(), config=pb.DIConfig(**vars(self.system.config_for(request.pin)))
        )

    @answers(pb.setDIConfigResponse)
    async def setDIConfig(self, request, context):
        self.device.check_pins("di", [request.pin])
        changes = {
            name: getattr(request, name) if request.HasField(name) else None
            for name in ("pnp_mode", "irq_edge", "debounce_ms", "wake_on_event")
        }
        config = self.system.update_di_config(request.pin, **changes)
        return pb.setDIConfigResponse(response_header=ok(), config=pb.DIConfig(**vars(config)))

    # -- firmware: not meaningful off-hardware ---------------------------------------------

    @answers(pb.loadFirmwareResponse)
    async def loadFirmware(self, request, context):
        return pb.loadFirmwareResponse(response_header=failed(501, NOT_ON_SIMULATOR.format(what="firmware to load")))

    @answers(pb.loadBootloaderResponse)
    async def loadBootloader(self, request, context):
        return pb.loadBootloaderResponse(
            response_header=failed(501, NOT_ON_SIMULATOR.format(what="bootloader to load"))
        )

    @answers(pb.getFirmwareVersionResponse)
    async def getFirmwareVersion(self, request, context):
        return pb.getFirmwareVersionResponse(response_header=ok(), version=self.system.firmware_version)
