import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra.numpy import array_shapes, arrays

import paramfit
from paramfit._util import as_generator


@given(
    arrays(float, array_shapes(min_dims=1, max_dims=3), elements=st.floats(-1e6, 1e6))
)
def test_vector_is_read_only_1d_copy_or_rejects(x):
    n = max(x.shape)
    if x.size != n:
        with pytest.raises(ValueError, match="Unable to convert to 1d vector"):
            paramfit.vector(x)
        return
    v = paramfit.vector(x)
    assert v.shape == (n,) and not v.flags.writeable
    np.testing.assert_array_equal(v, x.reshape(n))
    assert not np.shares_memory(v, x)


def test_vector_scalars_and_empty():
    assert paramfit.vector(3).tolist() == [3.0]
    assert paramfit.vector([]).shape == (0,)


@given(arrays(float, array_shapes(min_dims=1, max_dims=3), elements=st.floats(-1, 1)))
def test_matrix2d(x):
    if x.ndim == 3:
        with pytest.raises(ValueError, match="Unable to convert to 2d matrix."):
            paramfit.matrix2d(x)
        return
    m = paramfit.matrix2d(x)
    assert m.ndim == 2 and not m.flags.writeable
    assert m.shape == (x.shape if x.ndim == 2 else (len(x), 1))


def test_strfloat_and_format():
    assert paramfit.strfloat(1.5) == " 1.50000000000000000e+00"
    assert paramfit.FLOAT_FORMAT == "{: .17e}"


@pytest.mark.parametrize(
    "seconds, text",
    [
        (2, "2 seconds"),
        (59.4126, "59.41 seconds"),
        (60.2, "1 minute, 0 seconds"),
        (61, "1 minute, 1 second"),
        (3600, "1 hour, 0 minutes, 0 seconds"),
        (604800, "1 week, 0 days, 0 hours, 0 minutes, 0 seconds"),
        (0.001, "0.001 seconds"),
    ],
)
def test_timer_format(seconds, text):
    assert paramfit.Timer().format(seconds) == text


def test_timer_measures_and_resets():
    t = paramfit.Timer(output=None)
    assert t.time() >= 0
    t.reset()
    assert t.time() < 10
    assert t.format().endswith("seconds")


def test_as_generator():
    g = np.random.default_rng(3)
    assert as_generator(g) is g
    assert as_generator(5).random() == np.random.default_rng(5).random()
    with pytest.raises(TypeError, match="rng must be None"):
        as_generator("seed")
    with pytest.raises(TypeError, match="rng must be None"):
        as_generator(True)


def test_none_seeds_from_global_state_repeatably():
    state = np.random.get_state()
    try:
        np.random.seed(7)
        a = as_generator(None).random()
        np.random.seed(7)
        b = as_generator(None).random()
    finally:
        np.random.set_state(state)
    assert a == b


def test_version():
    assert paramfit.version() == (0, 1, 0)
    assert paramfit.version(formatted=True) == "paramfit 0.1.0"
    assert paramfit.__version__ == "0.1.0"
