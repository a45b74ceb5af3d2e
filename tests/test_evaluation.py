"""Tests for the evaluators: sequential, process pool, and the `evaluate`
contract they share (order kept, arguments passed on, errors raised)."""

import gc
import multiprocessing
import os
import pickle
import re
import signal
import sys
import threading
import time
from collections import Counter

import numpy as np
import pytest
import threadpoolctl

import paramfit
from paramfit._evaluation import _Worker
from paramfit.evaluation._process_pool import _chunk_bounds

# Objectives live at module level so that they pickle under any start method.


def square(x):
    return x**2


def add_args(x, y, z):
    return x + y + z


def plus(x, y):
    return x + y


def fail_on_five(x):
    if np.asarray(x).flat[0] == 5:
        raise ValueError("five is not allowed")
    return x


def exit_on_four(x):
    if x == 4:
        raise SystemExit
    return x


def die_on_three(x):
    if x == 3:
        os._exit(1)
    return x


def fail_on_zero_else_sleep(x):
    if x == 0:
        raise ValueError("zero")
    time.sleep(60)
    return x


def interrupt(x, pid):
    os.kill(pid, signal.SIGINT)
    time.sleep(60)
    return x


def worker_pid(x):
    return os.getpid()


def blas_threads(x):
    return [info["num_threads"] for info in threadpoolctl.threadpool_info()]


def stdout_name(x):
    print("printed by a worker")
    return sys.stdout.name, sys.stderr.name


def noisy(x):
    return x + np.random.normal()  # noqa: NPY002 - user code relying on np.random


def unpicklable_at_two(x):
    return threading.Lock() if x == 2 else x


def double_unless_30(x):
    if x == 30:
        raise KeyboardInterrupt
    return 2 * x


@pytest.fixture
def global_rng():
    """Restore NumPy's legacy global state after a test seeds it."""
    state = np.random.get_state()  # noqa: NPY002 - saved to be restored
    yield
    np.random.set_state(state)  # noqa: NPY002 - restoring the saved state


def raises_exactly(exception, message):
    """``pytest.raises`` for this exact message."""
    return pytest.raises(exception, match="^" + re.escape(message) + "$")


def within(seconds, fn, *args):
    """Call ``fn(*args)`` in a thread; fail instead of hanging."""
    box = {}

    def target():
        try:
            box["value"] = fn(*args)
        except BaseException as e:  # handed back to the caller
            box["error"] = e

    thread = threading.Thread(target=target, daemon=True)
    thread.start()
    thread.join(seconds)
    assert not thread.is_alive(), f"no answer within {seconds} s"
    if "error" in box:
        raise box["error"]
    return box["value"]


# Checks shared by all evaluators


@pytest.mark.parametrize(
    "cls", [paramfit.SequentialEvaluator, paramfit.ParallelEvaluator]
)
def test_function_must_be_callable(cls):
    with raises_exactly(ValueError, "The given function must be callable."):
        cls(3)


@pytest.mark.parametrize(
    "cls", [paramfit.SequentialEvaluator, paramfit.ParallelEvaluator]
)
def test_args_must_be_none_or_sequence(cls):
    message = "The argument `args` must be either None or a sequence."
    with raises_exactly(ValueError, message):
        cls(add_args, args=1)


@pytest.mark.parametrize(
    "cls", [paramfit.SequentialEvaluator, paramfit.ParallelEvaluator]
)
@pytest.mark.parametrize("positions", [1, (x for x in [1, 2])])
def test_positions_must_have_a_length(cls, positions):
    message = (
        "The argument `positions` must be a sequence of input values to the"
        " evaluator's function."
    )
    with raises_exactly(ValueError, message):
        cls(square).evaluate(positions)


def test_base_evaluator_is_abstract():
    with pytest.raises(NotImplementedError):
        paramfit.Evaluator(square).evaluate([1])


def test_sequential_evaluator():
    xs = np.linspace(-5, 5, 21)
    assert paramfit.SequentialEvaluator(square).evaluate(xs) == [x**2 for x in xs]
    assert paramfit.SequentialEvaluator(add_args, [10, 20]).evaluate([1, 2]) == [31, 32]
    assert paramfit.SequentialEvaluator(square).evaluate([]) == []


def test_multi_sequential_evaluator():
    e = paramfit.MultiSequentialEvaluator([add_args, add_args], args=(1, 2))
    assert e.evaluate([10, 20]) == [13, 23]
    message = "Number of positions does not equal number of functions."
    with raises_exactly(ValueError, message):
        e.evaluate([1])
    with raises_exactly(ValueError, "The given functions must be callable."):
        paramfit.MultiSequentialEvaluator([square, 3])
    with pytest.raises(TypeError):
        paramfit.MultiSequentialEvaluator(square)  # not indexable


# ParallelEvaluator: construction


def test_n_workers_must_be_positive():
    message = (
        "Number of workers must be an integer greater than 0 or `None` to use"
        " the default value."
    )
    with raises_exactly(ValueError, message):
        paramfit.ParallelEvaluator(square, 0)


def test_max_tasks_must_be_positive():
    message = (
        "Maximum tasks per worker should be at least 1 (but probably much greater)."
    )
    with raises_exactly(ValueError, message):
        paramfit.ParallelEvaluator(square, 1, 0)


def test_cpu_count():
    assert paramfit.ParallelEvaluator.cpu_count() == max(1, multiprocessing.cpu_count())
    assert paramfit.ParallelEvaluator(square)._n_workers == multiprocessing.cpu_count()


def test_chunks_are_contiguous_near_equal_and_capped():
    assert _chunk_bounds(0, 10, [500] * 3) == [(0, 4), (4, 7), (7, 10)]
    assert _chunk_bounds(4, 6, [500] * 3) == [(4, 5), (5, 6)]
    assert _chunk_bounds(0, 10, [1, 3]) == [(0, 1), (1, 4)]


# ParallelEvaluator: results


def test_parallel_values_in_order_with_args():
    xs = np.linspace(-5, 5, 37)
    with paramfit.ParallelEvaluator(square, n_workers=3) as e:
        assert e.evaluate(xs) == [x**2 for x in xs]
        assert e.evaluate(list(xs[:2])) == [x**2 for x in xs[:2]]
        assert e.evaluate([]) == []
    with paramfit.ParallelEvaluator(add_args, n_workers=2, args=[10, 20]) as e:
        assert e.evaluate([1, 2, 3]) == [31, 32, 33]


def test_parallel_rows_of_a_population():
    xs = np.arange(12.0).reshape(6, 2)
    with paramfit.ParallelEvaluator(np.sum, n_workers=2) as e:
        assert e.evaluate(xs) == [1, 5, 9, 13, 17, 21]


def test_evaluate_function():
    xs = np.linspace(-3, 3, 10)
    ys = [x**2 for x in xs]
    for parallel in (True, 1, 2, False, 0):
        assert paramfit.evaluate(square, xs, parallel=parallel) == ys
    assert paramfit.evaluate(add_args, [1], parallel=True, args=(1, 1)) == [3]


def test_workers_are_kept_between_calls_and_close_stops_them():
    e = paramfit.ParallelEvaluator(worker_pid, n_workers=2)
    first = e.evaluate([0] * 4)
    assert set(first) == set(e.evaluate([0] * 4))
    processes = [w.process for w in e._workers]
    e.close()
    assert all(p.exitcode == 0 for p in processes)
    assert set(e.evaluate([0] * 4)).isdisjoint(first)  # usable after close
    e.close()
    e.close()  # twice is fine


def test_garbage_collection_stops_workers():
    e = paramfit.ParallelEvaluator(square, n_workers=2)
    e.evaluate([1, 2])
    processes = [w.process for w in e._workers]
    del e
    gc.collect()
    for p in processes:
        p.join(5)
        assert p.exitcode == 0


def test_pickled_evaluator_starts_its_own_workers():
    e = paramfit.ParallelEvaluator(add_args, n_workers=2, args=(1, 2))
    e.evaluate([1])
    copy = pickle.loads(pickle.dumps(e))
    assert copy._workers == []
    assert copy.evaluate([1, 2]) == [4, 5]
    e.close()
    copy.close()


def test_max_tasks_per_worker_replaces_workers():
    e = paramfit.ParallelEvaluator(worker_pid, n_workers=2, max_tasks_per_worker=2)
    first, second = e.evaluate([0] * 4), e.evaluate([0] * 4)
    assert len(set(first)) == 2
    assert set(first).isdisjoint(second)
    # Within one call too: no worker serves more than two points.
    pids = e.evaluate([0] * 9)
    assert max(Counter(pids).values()) <= 2
    assert len(set(pids)) == 5
    e.close()


def test_blas_threads_limited_in_workers():
    with paramfit.ParallelEvaluator(blas_threads, n_workers=1) as e:
        (threads,) = e.evaluate([0])
    assert threads and set(threads) == {1}
    parent = blas_threads(0)
    with paramfit.ParallelEvaluator(
        blas_threads, n_workers=1, n_numpy_threads=None
    ) as e:
        assert e.evaluate([0]) == [parent]


def test_worker_output_goes_to_devnull(capfd):
    with paramfit.ParallelEvaluator(stdout_name, n_workers=1) as e:
        assert e.evaluate([0]) == [(os.devnull, os.devnull)]
    assert "printed by a worker" not in capfd.readouterr().out


# ParallelEvaluator: random numbers


def test_seeded_runs_repeat_whatever_the_number_of_workers(global_rng):
    xs = np.arange(10.0)
    results = []
    for n_workers in (1, 2, 3, 2):
        with paramfit.ParallelEvaluator(noisy, n_workers=n_workers) as e:
            np.random.seed(1)  # noqa: NPY002 - the PINTS-style user promise
            results.append(e.evaluate(xs))
    assert all(r == results[0] for r in results)
    assert len(set(np.array(results[0]) - xs)) == len(xs)  # distinct draws


def test_same_values_as_pints(global_rng):
    import pints as oracle  # PINTS 0.6.1 itself

    xs = list(np.linspace(-2, 2, 9))
    for function in (square, noisy):
        np.random.seed(3)  # noqa: NPY002 - same global state for both
        expected = oracle.ParallelEvaluator(function, n_workers=2).evaluate(xs)
        np.random.seed(3)  # noqa: NPY002
        with paramfit.ParallelEvaluator(function, n_workers=2) as e:
            assert e.evaluate(xs) == expected


# ParallelEvaluator: failures


def test_exception_in_worker_names_traceback_and_point():
    e = paramfit.ParallelEvaluator(fail_on_five, n_workers=2)
    with pytest.raises(Exception) as info:
        e.evaluate([1, 2, 5, 6])
    message = str(info.value)
    assert message.startswith("Exception in subprocess:\nTraceback (most recent")
    assert "ValueError: five is not allowed\n\nException in subprocess\n" in message
    assert message.endswith("Failed at position 2: 5.0")
    assert e.evaluate([1, 2]) == [1, 2]  # usable again
    with pytest.raises(Exception, match=r"Failed at position 1: \[5.0, 0.0\]$"):
        e.evaluate(np.array([[1.0, 0.0], [5.0, 0.0]]))
    e.close()


def test_system_exit_and_unpicklable_values_are_reported():
    e = paramfit.ParallelEvaluator(exit_on_four, n_workers=2)
    with pytest.raises(Exception, match="^Exception in subprocess:\n(.|\n)*SystemExit"):
        e.evaluate([1, 2, 4])
    assert e.evaluate([1, 2]) == [1, 2]
    with paramfit.ParallelEvaluator(unpicklable_at_two, n_workers=1) as e:
        with pytest.raises(Exception) as info:
            e.evaluate([1, 2, 3])
        message = str(info.value)
        assert message.startswith("Exception in subprocess:\n")
        assert "pickle" in message and message.endswith("Failed at position 1: 2.0")
        assert e.evaluate([3]) == [3]


def test_error_stops_busy_workers_at_once():
    e = paramfit.ParallelEvaluator(fail_on_zero_else_sleep, n_workers=2)
    start = time.perf_counter()
    with pytest.raises(Exception, match="Failed at position 0: 0.0"):
        within(30, e.evaluate, [0, 1])
    assert time.perf_counter() - start < 20  # the sleeper was not awaited
    assert e._workers == []


def test_dead_worker_raises_and_evaluator_recovers():
    e = paramfit.ParallelEvaluator(die_on_three, n_workers=2)
    with pytest.raises(RuntimeError) as info:
        within(30, e.evaluate, [1, 2, 3, 4])
    message = str(info.value)
    assert "exit code 1" in message
    assert "chunk 2 of 2: positions 2 to 3" in message
    assert within(30, e.evaluate, [1, 2]) == [1, 2]
    e.close()


def test_worker_killed_between_calls_is_replaced():
    e = paramfit.ParallelEvaluator(worker_pid, n_workers=2)
    before = e.evaluate([0, 0])
    os.kill(before[0], signal.SIGKILL)
    e._workers[0].process.join(10)
    after = within(30, e.evaluate, [0, 0])
    assert before[0] not in after and before[1] in after
    e.close()


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX signals")
def test_keyboard_interrupt_in_parent_stops_workers():
    e = paramfit.ParallelEvaluator(interrupt, n_workers=1, args=(os.getpid(),))
    start = time.perf_counter()
    with pytest.raises(KeyboardInterrupt):
        e.evaluate([0])
    assert time.perf_counter() - start < 20
    assert e._workers == []
    e._function = plus  # new workers pick up the new function
    assert e.evaluate([3]) == [3 + os.getpid()]
    e.close()


# The compatibility _Worker, run in-process as PINTS's tests do


def queues(*tasks):
    tasks_queue = multiprocessing.Queue()
    for task in tasks:
        tasks_queue.put(task)
    return tasks_queue, multiprocessing.Queue(), multiprocessing.Queue()


def test_worker_runs_tasks(global_rng):
    tasks, results, errors = queues((0, 0, 1), (1, 1, 2), (2, 2, 3))
    error = multiprocessing.Event()
    stdout = sys.stdout
    _Worker(double_unless_30, (), tasks, results, 3, 1, errors, error).run()
    assert sys.stdout is stdout  # restored after running in-process
    assert [results.get(timeout=5) for _ in range(3)] == [(0, 2), (1, 4), (2, 6)]
    assert results.empty() and not error.is_set()


def test_worker_stops_when_error_flag_is_set(global_rng):
    tasks, results, errors = queues((0, 200, 1), (1, 201, 2), (2, 202, 3))
    error = multiprocessing.Event()
    error.set()
    _Worker(double_unless_30, (), tasks, results, 3, 1, errors, error).run()
    assert results.get(timeout=5) == (0, 2)
    assert results.empty()


def test_worker_reports_keyboard_interrupt(global_rng):
    tasks, results, errors = queues((0, 100, 1), (1, 400, 30), (2, 200, 3))
    error = multiprocessing.Event()
    _Worker(double_unless_30, (), tasks, results, 3, 1, errors, error).run()
    assert results.get(timeout=5) == (0, 2)
    assert results.empty() and error.is_set()
    pid, trace = errors.get(timeout=5)
    assert pid == os.getpid() and "KeyboardInterrupt" in trace
