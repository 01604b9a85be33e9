"""pydoover.utils.kalman: the 1-D Kalman filter and its method decorators."""

import random
import statistics

import pytest

from pydoover.utils import KalmanFilter1D, apply_async_kalman_filter, apply_kalman_filter


def noisy(value, sigma, count, seed=7):
    rng = random.Random(seed)
    return [rng.gauss(value, sigma) for _ in range(count)]


def run(kf, readings, dt=1.0):
    return [kf.update(r, dt=dt) for r in readings]


def test_first_reading_becomes_the_estimate():
    kf = KalmanFilter1D()
    assert kf.update(12.5) == 12.5
    assert kf.error_estimate == 0.5 * 25


def test_estimate_converges_on_a_noisy_constant_and_is_smoother_than_the_readings():
    readings = noisy(12.0, 0.5, 400)
    estimates = run(KalmanFilter1D(process_variance=0.001), readings)
    assert estimates[-1] == pytest.approx(12.0, abs=0.15)
    assert statistics.pstdev(estimates[200:]) < statistics.pstdev(readings[200:]) / 3


def test_one_known_step_matches_the_kalman_equations():
    kf = KalmanFilter1D(initial_estimate=10.0, initial_error_estimate=1.0, process_variance=1.0)
    # predict: P = 1 + 1*2 = 3; gain = 3 / (3 + 1) = 0.75; x = 10 + 0.75 * (14 - 10) = 13
    assert kf.update(14.0, measurement_variance=1.0, dt=2.0) == pytest.approx(13.0)
    assert kf.kalman_gain == pytest.approx(0.75)
    assert kf.error_estimate == pytest.approx(0.75)


def test_larger_process_variance_follows_a_step_faster():
    def after_step(process_variance):
        kf = KalmanFilter1D(process_variance=process_variance, outlier_protection=False)
        run(kf, [0.0] * 50)
        return run(kf, [10.0] * 5)[-1]

    assert after_step(2.0) > after_step(0.01) + 3


def test_outlier_protection_damps_a_spike():
    def after_spike(**options):
        kf = KalmanFilter1D(process_variance=0.01, **options)
        run(kf, noisy(5.0, 0.1, 100))
        return kf.update(50.0, dt=1.0)

    protected, unprotected = after_spike(), after_spike(outlier_protection=False)
    assert protected < 5.5 < unprotected
    assert after_spike(outlier_threshold=1e6) == pytest.approx(unprotected)
    assert after_spike(outlier_variance_multiplier=1) == pytest.approx(unprotected)


def test_per_update_outlier_protection_override():
    kf = KalmanFilter1D(process_variance=0.01, outlier_protection=False)
    run(kf, [5.0] * 100)
    assert kf.update(50.0, dt=1.0, outlier_protection=True) < 5.5


def test_none_reading_returns_the_last_estimate():
    kf = KalmanFilter1D()
    assert kf.update(None) is None
    kf.update(3.0)
    assert kf.update(None) == 3.0


def test_disabled_filter_passes_readings_through():
    kf = KalmanFilter1D()
    kf.enabled = False
    assert run(kf, [1.0, 9.0, 4.0]) == [1.0, 9.0, 4.0]


def test_process_variance_given_to_update_sticks():
    kf = KalmanFilter1D()
    kf.update(1.0, process_variance=0.02)
    assert kf.process_variance == 0.02


def test_setters_change_the_filter():
    kf = KalmanFilter1D()
    kf.set_estimate(4.0)
    kf.set_error_estimate(2.0)
    kf.set_process_variance(0.1)
    kf.set_outlier_protection(False)
    kf.set_outlier_threshold(9)
    kf.set_outlier_variance_multiplier(3)
    assert (kf.estimate, kf.error_estimate, kf.process_variance) == (4.0, 2.0, 0.1)
    assert (kf.outlier_protection, kf.outlier_threshold, kf.outlier_variance_multiplier) == (False, 9, 3)


class Sensor:
    def __init__(self, readings):
        self.readings = iter(readings)
        self.seen_kwargs = []

    @apply_async_kalman_filter(process_variance=0.001)
    async def get_reading(self):
        return next(self.readings)

    @apply_async_kalman_filter(process_variance=0.001)
    async def get_reading_with_options(self, kf_measurement_variance=None, **kwargs):
        self.seen_kwargs.append((kf_measurement_variance, kwargs))
        return next(self.readings)

    @apply_kalman_filter(
        initial_estimate=100.0, initial_error_estimate=1.0, process_variance=0.0, outlier_protection=False
    )
    def get_level(self):
        return next(self.readings)


async def test_async_decorator_filters_the_awaited_reading():
    readings = noisy(20.0, 1.0, 300, seed=3)
    sensor = Sensor(readings)
    results = [await sensor.get_reading(kf_dt=1.0) for _ in readings]
    assert results[0] == readings[0]
    assert results[-1] == pytest.approx(20.0, abs=0.3)
    assert statistics.pstdev(results[150:]) < statistics.pstdev(readings[150:]) / 3
    assert Sensor.get_reading.__name__ == "get_reading"


async def test_async_decorator_keeps_one_filter_per_object():
    first, second = Sensor([10.0, 10.0]), Sensor([90.0, 90.0])
    assert await first.get_reading() == 10.0
    assert await second.get_reading() == 90.0
    assert await first.get_reading(kf_dt=1.0) == pytest.approx(10.0)
    assert first._kf_instances is not second._kf_instances


async def test_kf_options_reach_the_filter_and_only_methods_that_accept_them():
    sensor_b = Sensor([0.0, 10.0])
    await sensor_b.get_reading_with_options()
    trusted = await sensor_b.get_reading_with_options(kf_measurement_variance=0.001, kf_dt=1.0)
    assert trusted == pytest.approx(10.0, abs=0.01)
    assert sensor_b.seen_kwargs[-1] == (0.001, {"kf_dt": 1.0})
    sensor_c = Sensor([0.0, 10.0])
    await sensor_c.get_reading()
    # get_reading() takes no kf_* options, so they stop at the filter
    assert await sensor_c.get_reading(kf_measurement_variance=1000.0, kf_dt=1.0) < 0.2


async def test_async_decorator_exposes_its_filter_for_tests():
    sensor = Sensor([1.0, 7.0])
    await sensor.get_reading()
    Sensor.get_reading._kalman_filter.enabled = False
    assert await sensor.get_reading() == 7.0


async def test_none_from_the_method_returns_the_previous_estimate():
    sensor = Sensor([4.0, None])
    await sensor.get_reading()
    assert await sensor.get_reading() == 4.0


def test_sync_decorator_uses_its_initial_estimate():
    sensor = Sensor([0.0])
    # P = 1 (no process variance); gain = 1 / (1 + 0.5); x = 100 - 100 * 2/3
    assert sensor.get_level(kf_dt=1.0) == pytest.approx(100 / 3)


async def test_sync_decorator_on_a_coroutine_method_awaits_it():
    class Probe:
        @apply_kalman_filter()
        async def read(self):
            return 5.0

    assert await Probe().read() == 5.0
