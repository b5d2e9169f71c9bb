"""A Dask cluster to run on: a scheduler given by its address, or a local cluster of processes.

Fetch (ingest.dask_fetch) and the analyses (models.distributed) both take a connected
`distributed.Client`; this module makes one, and turns what a user can get wrong (an address
that does not answer, a bad number of workers) into one line naming the thing and the fix.

A local cluster listens on 127.0.0.1 only and has no dashboard: it is a way to use this
machine's cores, not a service for the network. Each worker is a process with one thread, since
the analyses are pure Python and would only share one core between threads.
"""

from __future__ import annotations

import contextlib
import logging
import os
import warnings
from collections.abc import Iterator
from typing import TYPE_CHECKING

from ingest.errors import InputError

if TYPE_CHECKING:
    from distributed import Client

LOGGER = logging.getLogger(__name__)

CONNECT_TIMEOUT = 10  # seconds to reach a scheduler before saying it cannot be reached
MAX_LOCAL_WORKERS = 256


def check_workers(workers: object) -> int:
    """The number of local workers, or an InputError naming the value and the fix."""
    try:
        number = int(str(workers).strip())
    except ValueError:
        number = 0
    if not 1 <= number <= MAX_LOCAL_WORKERS:
        cores = os.cpu_count() or 1
        raise InputError(
            f"--workers {workers}: give a whole number of local worker processes from 1 to "
            f"{MAX_LOCAL_WORKERS} (this machine has {cores} cores)"
        )
    return number


def _quiet() -> None:
    # Dask logs a connection attempt's failures at length; the one line we give is enough
    for name in ("distributed", "distributed.comm", "distributed.client", "tornado"):
        logging.getLogger(name).setLevel(logging.CRITICAL)


def connect(address: str, timeout: float = CONNECT_TIMEOUT) -> Client:
    """A client of the scheduler at `address` (tcp://host:port, or host:port)."""
    from distributed import Client

    _quiet()
    target = address if "://" in address else f"tcp://{address}"
    try:
        return Client(target, timeout=timeout, set_as_default=False)
    except (OSError, TimeoutError, ValueError, TypeError) as err:
        reason = str(err).splitlines()[0] if str(err) else type(err).__name__
        if len(reason) > 160:
            reason = reason[:157] + "..."
        raise InputError(
            f"Dask scheduler {address}: cannot be reached ({reason}); start one with "
            "`dask scheduler` and give its address (tcp://host:8786), or use --workers N "
            "for a local cluster"
        ) from None


@contextlib.contextmanager
def local_client(workers: int, threads: int = 1) -> Iterator[Client]:
    """A client of a fresh local cluster of `workers` processes of `threads` threads each (more
    than one for fetching, which waits on the network), closed on leaving."""
    from distributed import Client, LocalCluster

    _quiet()
    number = check_workers(workers)
    with warnings.catch_warnings():
        # its health page moves to a free port of 127.0.0.1 when another cluster has the usual
        warnings.filterwarnings("ignore", message="Port .* is already in use")
        cluster = LocalCluster(
            n_workers=number,
            threads_per_worker=max(1, threads),
            processes=True,
            host="127.0.0.1",
            dashboard_address=None,
            # no memory limit of Dask's own: the machine's is the one that holds
            memory_limit=0,
        )
    try:
        client = Client(cluster, set_as_default=False)
        try:
            yield client
        finally:
            client.close()
    finally:
        cluster.close()


@contextlib.contextmanager
def dask_client(
    scheduler: str | None = None, workers: object = None, threads: int = 1
) -> Iterator[Client | None]:
    """The client the options ask for: a scheduler's, a local cluster's, or None (one process)."""
    if scheduler and workers is not None:
        raise InputError(
            "--scheduler and --workers: give one, a scheduler's address or a number of local "
            "workers"
        )
    if scheduler:
        client = connect(scheduler)
        try:
            yield client
        finally:
            client.close()
    elif workers is not None:
        with local_client(check_workers(workers), threads) as client:
            yield client
    else:
        yield None


def peak_memory_mb() -> float:
    """This process's peak resident memory so far, in MB (run on each worker by client.run)."""
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def cpu_seconds() -> float:
    """CPU time this process has used so far (user and system), in seconds."""
    import resource

    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def worker_peaks_mb(client: Client) -> dict[str, float]:
    """Each worker's peak resident memory so far, in MB, by worker address."""
    return dict(client.run(peak_memory_mb))


def worker_cpu_seconds(client: Client) -> dict[str, float]:
    """Each worker's CPU time so far, in seconds, by worker address."""
    return dict(client.run(cpu_seconds))
