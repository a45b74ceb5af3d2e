"""Logistic regression toy distributions on the German credit data set:
`GermanCreditLogPDF` (25 parameters) and its hierarchical version
`GermanCreditHierarchicalLogPDF` (326 parameters)."""

from __future__ import annotations

import io
import math
import urllib.request

import numpy as np
from scipy.special import expit

from .._typing import ArrayLike, FloatArray
from .._util import vector
from ..problems._problems import Point
from ._toy_classes import ToyLogPDF

#: Where the numeric version of the UCI "Statlog (German credit)" data lives.
GERMAN_CREDIT_URL = (
    "http://archive.ics.uci.edu/ml/machine-learning-databases/"
    "statlog/german/german.data-numeric"
)
#: Seconds to wait for the download before giving up.
_DOWNLOAD_TIMEOUT = 10.0
#: Columns of ``x``: a column of ones followed by 24 predictors.
_N_COLUMNS = 25
_MINUS_INF = float("-inf")


def _parse_german_credit(raw: bytes) -> tuple[FloatArray, FloatArray]:
    """Turn the raw ``german.data-numeric`` file into ``(x, y)``.

    Parameters
    ----------
    raw : bytes
        The file: one row per individual, fixed-width fields of 4
        characters, 24 predictors and then the response (1 good, 2 bad).

    Returns
    -------
    x : ndarray, shape (n, 25)
        A column of ones followed by the predictors, each standardised to
        mean 0 and (population) standard deviation 1.
    y : ndarray, shape (n,)
        The responses recoded as ``-1`` (was 1) and ``1`` (was 2).
    """
    table = np.genfromtxt(io.BytesIO(raw), delimiter=4)[:, :_N_COLUMNS]
    y = np.where(table[:, -1] == 2, 1.0, np.where(table[:, -1] == 1, -1.0, 0.0))
    predictors = table[:, :-1]
    std = predictors.std(axis=0)
    standardised = (predictors - predictors.mean(axis=0)) / np.where(std > 0, std, 1)
    x = np.column_stack([np.ones(len(table)), standardised])
    return x, y


def _download_german_credit(
    url: str = GERMAN_CREDIT_URL, timeout: float = _DOWNLOAD_TIMEOUT
) -> tuple[FloatArray, FloatArray]:
    """Download and parse the German credit data (see
    `_parse_german_credit()`); any failure raises a ``RuntimeError``."""
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:
            raw = response.read()
    except (OSError, ValueError) as e:  # URLError, timeouts, bad URLs
        raise RuntimeError(
            f"The German credit data set could not be fetched from {url} ({e})."
            " Download it by other means and pass the predictors and responses"
            " directly as x (shape (n, 25), first column all ones) and y"
            " (values -1 and 1), with download=False."
        ) from e
    return _parse_german_credit(raw)


def _check_data(
    x: ArrayLike | None, y: ArrayLike | None, download: bool
) -> tuple[FloatArray, FloatArray]:
    """Return validated ``(x, y)`` copies, downloading them if asked to."""
    if x is None or y is None:
        if not download:
            raise ValueError(
                "No data supplied. Consider setting download to True to download data."
            )
        return _download_german_credit()
    if download:
        raise ValueError(
            "Either supply no data or set download to True to download data, but"
            " not both."
        )
    x = np.array(x, dtype=float, copy=True)
    y = np.array(y, dtype=float, copy=True)
    if x.ndim != 2:
        raise ValueError(f"x must be a 2-d array, shape (n, 25); got shape {x.shape}.")
    if x.shape[1] != _N_COLUMNS:
        raise ValueError("x must have 25 predictor columns.")
    if y.ndim != 1:
        if y.ndim == 0 or y.size != max(y.shape):
            raise ValueError(f"y must be a 1-d array; got shape {y.shape}.")
        y = y.reshape(-1)  # a row or column vector
    if len(y) != len(x):
        raise ValueError(
            f"x and y must have the same number of rows; x has {len(x)} rows and"
            f" y has {len(y)} entries."
        )
    if not np.isfinite(x).all():
        raise ValueError("x must contain only finite values.")
    values = set(np.unique(y).tolist())
    if values != {-1.0, 1.0}:
        hint = (
            " Responses coded 0/1 can be recoded as 2 * y - 1."
            if values <= {0.0, 1.0}
            else ""
        )
        raise ValueError(
            "Output must be either 1 or -1. y must contain only the values -1 and"
            f" 1, and both of them; got {sorted(values)}.{hint}"
        )
    return x, y


def _logistic_s1(
    design: FloatArray, y: FloatArray, beta: FloatArray
) -> tuple[float, FloatArray]:
    r"""Return $\sum_i -\log(1 + e^{-y_i z_i \cdot \beta})$ and its
    gradient with respect to $\beta$, computed without overflow."""
    margin = y * (design @ beta)
    value = -float(np.sum(np.logaddexp(0.0, -margin)))
    return value, design.T @ (y * expit(-margin))


def _parameters(theta: Point, n: int) -> FloatArray:
    """Return ``theta`` as a float vector of length ``n``."""
    v = vector(theta)
    if len(v) != n:
        raise ValueError(
            f"Expected {n} parameters, got {len(v)}: the length of the parameter"
            " vector must equal n_parameters()."
        )
    return v


class GermanCreditLogPDF(ToyLogPDF):
    r"""Logistic regression with a Gaussian prior, on the German credit data
    [1]_, as used to test the No-U-Turn sampler [2]_:

    $$
    \log f(\beta | x, y) = -\sum_{i=1}^{N} \log\left(1 +
    e^{-y_i x_i \cdot \beta}\right) - \frac{\beta \cdot \beta}{2\sigma^2}
    + \text{constant},
    $$

    with $\sigma^2 = 100$. The 25 parameters are the coefficients
    $\beta$, the first one an intercept.

    Parameters
    ----------
    x : array_like, shape (n, 25), optional
        The predictors, one row per individual: a column of ones followed by
        24 predictors. The downloaded data are standardised (each predictor
        to mean 0 and standard deviation 1); data given here are used as is.
    y : array_like, shape (n,), optional
        The responses: 1 if an individual should receive credit and -1 if
        not (both values must occur).
    download : bool, optional
        If ``x`` and ``y`` are not given, download the data from [1]_ (an
        error unless ``True``). Without a network connection this raises a
        ``RuntimeError`` after at most a few seconds; pass ``x`` and ``y``
        instead. Supplying data and ``download=True`` is an error.

    References
    ----------
    .. [1] Dua and Graff (2019) UCI machine learning repository: Statlog
           (German credit data). https://archive.ics.uci.edu/
    .. [2] Hoffman and Gelman (2014) The No-U-Turn sampler: adaptively
           setting path lengths in Hamiltonian Monte Carlo. JMLR 15.
    """

    def __init__(
        self,
        x: ArrayLike | None = None,
        y: ArrayLike | None = None,
        download: bool = False,
    ) -> None:
        self._x, self._y = _check_data(x, y, download)
        self._n_parameters = self._x.shape[1]
        self._sigma_sq = 100.0

    def __call__(self, beta: Point) -> float:
        """Return the log-density at ``beta``, shape ``(25,)``."""
        return self.evaluateS1(beta)[0]

    def evaluateS1(self, beta: Point) -> tuple[float, FloatArray]:
        """Return the log-density at ``beta`` and its gradient, shape
        ``(25,)``."""
        b = _parameters(beta, self._n_parameters)
        value, gradient = _logistic_s1(self._x, self._y, b)
        value -= float(b @ b) / (2 * self._sigma_sq)
        return value, gradient - b / self._sigma_sq

    def data(self) -> tuple[FloatArray, FloatArray]:
        """Return the data: ``(x, y)``.

        Returns
        -------
        x : ndarray, shape (n, 25)
        y : ndarray, shape (n,)
        """
        return self._x, self._y

    def n_parameters(self) -> int:
        """Return the number of parameters, 25."""
        return self._n_parameters


class GermanCreditHierarchicalLogPDF(ToyLogPDF):
    r"""Hierarchical logistic regression on the German credit data, with all
    pairwise interactions of the predictors, as used to test the No-U-Turn
    sampler (the references for both are those of `GermanCreditLogPDF`):

    $$
    \log f(\sigma, \beta | z, y) = -\sum_{i=1}^{N} \log\left(1 +
    e^{-y_i z_i \cdot \beta}\right) - \frac{\beta \cdot \beta}{2\sigma^2}
    - \frac{N}{2} \log \sigma^2 - \lambda \sigma^2 + \text{constant},
    $$

    with $\lambda = 0.01$. The design matrix $z$ has 325
    columns: a column of ones, the 24 predictors $x_{i,1..24}$, then
    the 300 products $x_{i,j} x_{i,k}$ for $1 \le j \le k \le
    24$ (ordered by $j$, then $k$). The 326 parameters are
    $\sigma$ followed by $\beta$.

    Parameters
    ----------
    x : array_like, shape (n, 25), optional
        The predictors, as for `GermanCreditLogPDF` (the first column
        is replaced by ones in the design matrix).
    y : array_like, shape (n,), optional
        The responses, -1 or 1 (both must occur).
    download : bool, optional
        As for `GermanCreditLogPDF`.

    Notes
    -----
    As in PINTS 0.6.1, `__call__()` uses $-\frac{N}{2} \log
    \sigma$ where `evaluateS1()` uses $-\frac{N}{2} \log
    \sigma^2$, so the two values differ by $\frac{N}{2} \log \sigma$;
    the gradient is that of the `evaluateS1()` value. Unlike PINTS
    0.6.1, whose derivative with respect to $\sigma$ lacks the
    $\beta \cdot \beta / \sigma^3$ term of the prior on
    $\beta$, the gradient here is exact. `__call__()`
    is $-\infty$ for $\sigma \le 0$; `evaluateS1()` is even
    in $\sigma$ and $-\infty$ (with a NaN gradient) at 0.
    """

    def __init__(
        self,
        x: ArrayLike | None = None,
        y: ArrayLike | None = None,
        download: bool = False,
    ) -> None:
        self._x, self._y = _check_data(x, y, download)
        predictors = self._x[:, 1:]
        rows, cols = np.triu_indices(predictors.shape[1])
        self._z = np.column_stack(
            [
                np.ones(len(predictors)),
                predictors,
                predictors[:, rows] * predictors[:, cols],
            ]
        )
        self._n_parameters = 1 + self._z.shape[1]
        self._N = len(self._y)
        self._lambda = 0.01

    def _terms(self, t: FloatArray) -> tuple[float, float, FloatArray]:
        """Return sigma, and the value and gradient of everything but the
        $\\log \\sigma$ term."""
        sigma, beta = float(t[0]), t[1:]
        value, gradient = _logistic_s1(self._z, self._y, beta)
        sigma_sq = sigma * sigma
        value -= float(beta @ beta) / (2 * sigma_sq) + self._lambda * sigma_sq
        full = np.empty(self._n_parameters)
        full[0] = float(beta @ beta) / (sigma_sq * sigma) - 2 * self._lambda * sigma
        full[1:] = gradient - beta / sigma_sq
        return sigma, value, full

    def __call__(self, theta: Point) -> float:
        """Return the log-density at ``theta`` (``sigma`` first), shape
        ``(326,)``."""
        t = _parameters(theta, self._n_parameters)
        if not t[0] > 0:
            return _MINUS_INF
        sigma, value, _ = self._terms(t)
        return value - self._N / 2 * math.log(sigma)

    def evaluateS1(self, theta: Point) -> tuple[float, FloatArray]:
        """Return the log-density at ``theta`` and its gradient, shape
        ``(326,)`` (see the Notes on how the value differs from
        `__call__()`)."""
        t = _parameters(theta, self._n_parameters)
        if t[0] == 0 or not np.isfinite(t[0]):
            return _MINUS_INF, np.full(self._n_parameters, np.nan)
        sigma, value, gradient = self._terms(t)
        value -= self._N / 2 * math.log(sigma * sigma)
        gradient[0] += -self._N / sigma
        return value, gradient

    def data(self) -> tuple[FloatArray, FloatArray, FloatArray]:
        """Return the data: ``(x, y, z)``.

        Returns
        -------
        x : ndarray, shape (n, 25)
        y : ndarray, shape (n,)
        z : ndarray, shape (n, 325)
            The design matrix.
        """
        return self._x, self._y, self._z

    def n_parameters(self) -> int:
        """Return the number of parameters, 326."""
        return self._n_parameters
