"""ExecutorEvaluator on thread/process pools and DaskEvaluator on a real
LocalCluster (slow): order, per-point random streams independent of the
number of workers, errors, and use by the controller."""

from __future__ import annotations

import concurrent.futures
import sys
import time
from collections.abc import Iterator
from typing import Any

import numpy as np
import pytest
from scaleout_problems import (
    fail_at_negative,
    logistic_error,
    make_controller,
    noisy_sphere,
    square_sum,
)

import paramfit

XS = np.arange(20.0).reshape(10, 2)


@pytest.fixture(scope="module")
def processes() -> Iterator[concurrent.futures.Executor]:
    with concurrent.futures.ProcessPoolExecutor(2) as pool:
        yield pool


def seeded(evaluator: paramfit.Evaluator, xs: Any, seed: int = 5) -> list[Any]:
    state = np.random.get_state()
    np.random.seed(seed)
    try:
        return evaluator.evaluate(xs)
    finally:
        np.random.set_state(state)


def test_threads_in_order_with_args() -> None:
    with concurrent.futures.ThreadPoolExecutor(3) as pool:
        e = paramfit.ExecutorEvaluator(square_sum, pool, args=(1.0,))
        assert e.evaluate(XS) == [square_sum(x, 1.0) for x in XS]
        assert e.evaluate([]) == []
        assert e.executor() is pool


def test_random_streams_do_not_depend_on_workers(processes: Any) -> None:
    with concurrent.futures.ProcessPoolExecutor(1) as one:
        a = seeded(paramfit.ExecutorEvaluator(noisy_sphere, one), XS)
    b = seeded(paramfit.ExecutorEvaluator(noisy_sphere, processes), XS)
    with concurrent.futures.ThreadPoolExecutor(1) as thread:
        c = seeded(paramfit.ExecutorEvaluator(noisy_sphere, thread), XS)
    assert a == b == c
    assert len(set(np.array(a) - [np.sum(x**2) for x in XS])) == len(XS)
    assert seeded(paramfit.ExecutorEvaluator(noisy_sphere, processes), XS, 6) != a


def test_errors(processes: Any) -> None:
    e = paramfit.ExecutorEvaluator(fail_at_negative, processes)
    with pytest.raises(ValueError, match="negative") as info:
        e.evaluate([[1.0], [-2.0], [3.0]])
    assert "Failing parameters: [-2.0]" in info.value.__notes__
    assert e.evaluate([[1.0]]) == [1.0]
    with pytest.raises(TypeError, match="module-level function"):
        paramfit.ExecutorEvaluator(lambda x: 0.0, processes)
    with pytest.raises(TypeError, match="Executor"):
        paramfit.ExecutorEvaluator(square_sum, object())  # type: ignore[arg-type]
    pool = concurrent.futures.ThreadPoolExecutor(1)
    e = paramfit.ExecutorEvaluator(square_sum, pool)
    pool.shutdown()
    with pytest.raises(RuntimeError, match="shut"):
        e.evaluate(XS)


@pytest.mark.parametrize("how", ["set_evaluator", "set_parallel"])
def test_controller_uses_evaluator(processes: Any, how: str) -> None:
    reference = make_controller(max_iterations=15)
    reference.run()
    c = make_controller(max_iterations=15)
    template = paramfit.ExecutorEvaluator(square_sum, processes)
    getattr(c, how)(template)
    assert c.evaluator() is template
    c.run()
    assert np.array_equal(c.result().x, reference.result().x)
    assert c.result().f == reference.result().f
    c.set_parallel(False)
    assert c.evaluator() is None
    with pytest.raises(TypeError, match="Evaluator"):
        c.set_evaluator(processes)  # type: ignore[arg-type]


def test_controller_rebinds_maximised_log_pdf() -> None:
    log_pdf = paramfit.GaussianKnownSigmaLogLikelihood(logistic_error()._problem, 10)
    reference = make_controller(log_pdf, max_iterations=10)
    reference.run()
    c = make_controller(log_pdf, max_iterations=10)
    with concurrent.futures.ThreadPoolExecutor(2) as pool:
        c.set_evaluator(paramfit.ExecutorEvaluator(log_pdf, pool))
        c.run()
    assert c.result().f == reference.result().f > -1e300


# --- Dask: a real LocalCluster with two worker processes ------------------------


@pytest.fixture(scope="module")
def dask_client() -> Iterator[Any]:
    distributed = pytest.importorskip("distributed")
    cluster = distributed.LocalCluster(
        n_workers=2,
        processes=True,
        threads_per_worker=1,
        dashboard_address=None,
    )
    client = distributed.Client(cluster)
    yield client
    client.close()
    cluster.close()


def test_dask_evaluator(dask_client: Any) -> None:
    e = paramfit.DaskEvaluator(square_sum, dask_client, args=(2.0,))
    assert e.evaluate(XS) == [square_sum(x, 2.0) for x in XS]
    assert e.client() is dask_client
    noisy = paramfit.DaskEvaluator(noisy_sphere, dask_client)
    with concurrent.futures.ThreadPoolExecutor(1) as thread:
        local = seeded(paramfit.ExecutorEvaluator(noisy_sphere, thread), XS)
    assert seeded(noisy, XS) == local
    failing = paramfit.DaskEvaluator(fail_at_negative, dask_client)
    with pytest.raises(ValueError, match="negative") as info:
        failing.evaluate([[1.0], [2.0], [-1.0], [3.0]])
    if sys.version_info >= (3, 11):
        assert "Failing parameters: [-1.0]" in info.value.__notes__
    # One task per worker thread (2 here), each a chunk, in order.
    assert e.evaluate(XS * 3) == [square_sum(x, 2.0) for x in XS * 3]
    with pytest.raises(TypeError, match="module-level"):
        paramfit.DaskEvaluator(lambda x: 0.0, dask_client)
    for evaluator in (e, noisy, failing):
        evaluator.close()


def test_dask_scatters_the_function_once(dask_client: Any) -> None:
    e = paramfit.DaskEvaluator(square_sum, dask_client)
    who_has = dask_client.who_has(e._payload)
    assert len(next(iter(who_has.values()))) == 2  # on both workers
    e.evaluate(XS)
    e.close()


def test_dask_controller_and_executor(dask_client: Any) -> None:
    reference = make_controller(max_iterations=8)
    reference.run()
    c = make_controller(max_iterations=8)
    c.set_parallel(paramfit.DaskEvaluator(square_sum, dask_client))
    c.run()
    assert c.result().f == reference.result().f
    with dask_client.get_executor() as executor:
        e = paramfit.ExecutorEvaluator(square_sum, executor)
        assert e.evaluate(XS) == [square_sum(x) for x in XS]


@pytest.mark.slow  # waits for the connection timeout
def test_dask_bad_address_times_out() -> None:
    pytest.importorskip("distributed")
    start = time.monotonic()
    with pytest.raises(ConnectionError, match="No Dask scheduler answered"):
        paramfit.DaskEvaluator(square_sum, "tcp://127.0.0.1:1", timeout=2)
    assert time.monotonic() - start < 15


def test_dask_missing_gives_install_hint(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "distributed", None)
    with pytest.raises(ImportError, match=r'pip install "paramfit\[dask\]"'):
        paramfit.DaskEvaluator(square_sum)


def test_log_header_names_the_evaluator(capsys: Any) -> None:
    c = make_controller(max_iterations=2)
    c.set_parallel(2)
    with concurrent.futures.ThreadPoolExecutor(1) as pool:
        c.set_parallel(paramfit.ExecutorEvaluator(square_sum, pool))
        assert c.parallel() is False
        c.set_log_to_screen(True)
        c.run()
    out = capsys.readouterr().out
    assert "Running with ExecutorEvaluator.\n" in out
