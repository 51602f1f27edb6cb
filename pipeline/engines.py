"""Where documents are processed: ``local`` (this process, or ``--jobs N`` forked worker processes) or
``dask`` (workers of a Dask distributed cluster: a local one of ``--jobs`` workers, or a real one at
``--scheduler ADDRESS``).

An engine takes the tasks ``(index, path, doc_id)`` and yields ``(index, Processed)`` as documents finish,
in any order; the batch puts them back in input order (:mod:`pipeline.spool`), so every engine writes
the same bytes. Dask workers get each document's bytes from this process (no shared storage needed),
build litx's pipeline once per worker process from the model's name, and check that they run the
same litx code as this process.
"""
from __future__ import annotations

import logging
import signal
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

from .ingest import IngestError, read_input
from .process import Processed, failed, one_line, process_bytes, process_path

Task = tuple[int, Path, str]
ENGINES = ("local", "dask")


class EngineError(Exception):
    """An engine cannot be used (a usage error, exit status 2); the message says why."""


@dataclass(frozen=True)
class EngineSettings:
    """How documents are spread over processes."""

    engine: str = "local"
    jobs: int = 1  # local: worker processes; dask: workers of the local cluster
    scheduler: str | None = None  # dask: the address of a running scheduler (then ``jobs`` is not used)
    docs_per_task: int = 8  # dask: documents in one task (fewer round trips to the scheduler)
    in_flight_per_worker: int = 2  # dask: tasks sent ahead per worker (bounds this process's memory)
    connect_timeout: float = 20.0  # dask: seconds to reach the scheduler


def results(nlp, tasks: list[Task], options: dict, settings: EngineSettings, model: str | None) -> Iterator[tuple[int, Processed]]:
    """Each task's result as it finishes, by the engine ``settings`` names."""
    if settings.engine == "dask":
        if not model:
            raise EngineError("the dask engine builds litx's pipeline on each worker from a model name; "
                              "use pipeline.nlp.build_nlp (or litx extract --model)")
        return dask_results(tasks, options, model, settings)
    if settings.engine != "local":
        raise EngineError(f"unknown engine {settings.engine!r}; use one of: {', '.join(ENGINES)}")
    return local_results(nlp, tasks, options, settings.jobs)


_WORKER_NLP = None


def _worker_process(task: tuple[Task, dict]) -> tuple[int, Processed]:
    (index, path, doc_id), options = task
    return index, process_path(_WORKER_NLP, path, doc_id, options)


def local_results(nlp, tasks: list[Task], options: dict, jobs: int) -> Iterator[tuple[int, Processed]]:
    """In input order; ``jobs`` > 1 forks worker processes that share the built pipeline (copy-on-write),
    one document at a time each."""
    if jobs <= 1 or len(tasks) < 2:
        for index, path, doc_id in tasks:
            yield index, process_path(nlp, path, doc_id, options)
        return
    import multiprocessing

    global _WORKER_NLP
    _WORKER_NLP = nlp
    ctx = multiprocessing.get_context("fork")
    # workers ignore Ctrl-C: the parent alone answers it (one line, exit 130), no worker tracebacks
    with ctx.Pool(processes=jobs, initializer=signal.signal, initargs=(signal.SIGINT, signal.SIG_IGN)) as pool:
        yield from pool.imap(_worker_process, [(t, options) for t in tasks], chunksize=1)


# ---------------------------------------------------------------- dask

_DASK_NLP: dict[str, object] = {}


def dask_task(model: str, docs: list[tuple[bytes, str, str]], options: dict) -> tuple[str, list[Processed]]:
    """Documents ``(bytes, path, doc_id)`` on a Dask worker: the pipeline is built on the worker's first
    task and kept; the worker's code fingerprint comes back with the results."""
    from .reuse import code_fingerprint

    nlp = _DASK_NLP.get(model)
    if nlp is None:
        from .nlp import build_nlp

        nlp = _DASK_NLP[model] = build_nlp(model)
    return code_fingerprint(), [process_bytes(nlp, data, Path(path), doc_id, options) for data, path, doc_id in docs]


def _client(settings: EngineSettings):
    try:
        from distributed import Client, LocalCluster
    except ImportError:
        raise EngineError('the dask engine needs Dask distributed: pip install "litx[dask]"') from None
    if settings.scheduler:
        try:
            return Client(settings.scheduler, timeout=settings.connect_timeout)
        except (OSError, TimeoutError) as exc:
            raise EngineError(f"cannot reach the Dask scheduler at {settings.scheduler}: {one_line(exc)}") from None
    cluster = LocalCluster(n_workers=max(1, settings.jobs), threads_per_worker=1, processes=True,
                           dashboard_address=None, silence_logs=logging.ERROR)
    return Client(cluster)


def dask_results(tasks: list[Task], options: dict, model: str, settings: EngineSettings) -> Iterator[tuple[int, Processed]]:
    """Documents sent to the cluster ``docs_per_task`` at a time, ``in_flight_per_worker`` tasks per
    worker ahead, results as they finish. A task that fails (a worker died) is its documents' error rows."""
    from distributed import as_completed

    from .reuse import code_fingerprint

    client = _client(settings)
    try:
        window = settings.in_flight_per_worker * max(1, len(client.scheduler_info().get("workers", {})))
        running, meta = as_completed(), {}
        size = max(1, settings.docs_per_task)
        chunks = iter([tasks[k:k + size] for k in range(0, len(tasks), size)])
        run = uuid.uuid4().hex[:12]  # task keys unique to this run on a shared scheduler
        while True:
            yield from _fill(client, running, meta, chunks, window, (run, model, options))
            if running.count() == 0:
                return
            future = next(running)
            yield from _finished(future, meta.pop(future.key), code_fingerprint())
    finally:
        cluster = getattr(client, "cluster", None)
        client.close()
        if cluster is not None and not settings.scheduler:
            cluster.close()


def _fill(client, running, meta: dict, chunks: Iterator[list[Task]], window: int, job: tuple[str, str, dict]):
    """Send tasks until ``window`` are in flight; a document that cannot be read here is its error row now."""
    run, model, options = job
    max_bytes = {k: v for k, v in options.items() if k == "max_bytes"}
    while running.count() < window:
        chunk = next(chunks, None)
        if chunk is None:
            return
        sent, docs = [], []
        for index, path, doc_id in chunk:
            try:
                docs.append((read_input(path, **max_bytes), str(path), doc_id))
                sent.append((index, path, doc_id))
            except IngestError as exc:
                yield index, failed(doc_id, path, path.suffix.lower().lstrip("."), "read", one_line(exc))
        if docs:
            future = client.submit(dask_task, model, docs, options, key=f"litx-{run}-{sent[0][0]}", pure=False)
            meta[future.key] = sent
            running.add(future)


def _finished(future, sent: list[Task], fingerprint: str) -> Iterator[tuple[int, Processed]]:
    """The results of one task, or each of its documents' error row."""
    try:
        worker_code, results = future.result()
    except Exception as exc:  # a worker that died or could not run the task: these documents' errors, not the batch's
        why = f"dask worker failed: {one_line(exc)}"
        results = None
    else:
        why = ("a dask worker runs another litx version (code or data files differ); install the same litx on every worker"
               if worker_code != fingerprint else "")
    for k, (index, path, doc_id) in enumerate(sent):
        if why:
            yield index, failed(doc_id, path, path.suffix.lower().lstrip("."), "extract", why)
        else:
            yield index, results[k]
