"""Running the same work in several operating-system processes at once (not threads): each has
its own memory, its own database connection, as web workers and job workers do."""

import multiprocessing
import os
import traceback

from django.db import connections


def _run(index, target, args, barrier, results):
    outcome = None
    try:
        barrier.wait(timeout=60)
        outcome = ("ok", target(*args))
    except BaseException as error:  # the outcome is asserted by the test
        outcome = ("error", f"{type(error).__name__}: {error}\n{traceback.format_exc()[-2000:]}")
    finally:
        connections.close_all()
        results.put((index, outcome))
        results.close()
        results.join_thread()
        os._exit(0)  # a forked child never runs the test runner's exit handlers


def in_processes(target, args_list, timeout: float = 120) -> list[tuple[str, object]]:
    """Run `target(*args)` for each args in its own forked process, all released together;
    answers each one's ("ok", result) or ("error", text), in order. The parent's database
    connections are closed first: each child opens its own."""
    context = multiprocessing.get_context("fork")
    barrier = context.Barrier(len(args_list))
    results = context.Queue()
    connections.close_all()
    processes = [
        context.Process(target=_run, args=(index, target, args, barrier, results))
        for index, args in enumerate(args_list)
    ]
    for process in processes:
        process.start()
    outcomes = dict(results.get(timeout=timeout) for _ in processes)
    for process in processes:
        process.join(timeout=timeout)
    return [outcomes[index] for index in range(len(args_list))]
