"""Spacing out the collector's passes during a step: raised while any caller holds it, the
thresholds found first restored when the last one leaves, whatever happens inside."""

from __future__ import annotations

import gc
import threading

import pytest

from models import memory


@pytest.fixture
def thresholds():
    found = gc.get_threshold()
    yield found
    gc.set_threshold(*found)


def test_young_collections_are_spaced_out_and_come_back(thresholds):
    with memory.fewer_collections():
        inside = gc.get_threshold()
        with memory.fewer_collections():  # nested: still raised, not raised twice
            assert gc.get_threshold() == inside
        assert gc.get_threshold() == inside
    assert inside[0] == max(thresholds[0], memory.SPACED_COLLECTIONS)
    assert inside[1:] == thresholds[1:]  # the older generations keep theirs
    assert gc.get_threshold() == thresholds


def test_thresholds_come_back_after_an_error(thresholds):
    with pytest.raises(KeyError), memory.fewer_collections():
        raise KeyError("a step that fails")
    assert gc.get_threshold() == thresholds


def test_the_last_of_several_threads_restores_them(thresholds):
    entered, first_left = threading.Barrier(2), threading.Event()
    seen: dict[str, tuple[int, ...]] = {}

    def first() -> None:
        with memory.fewer_collections():
            entered.wait()
        first_left.set()

    def second() -> None:
        with memory.fewer_collections():
            entered.wait()
            first_left.wait()
            seen["after the first left"] = gc.get_threshold()

    threads = [threading.Thread(target=first), threading.Thread(target=second)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=10)
    assert seen["after the first left"][0] == max(thresholds[0], memory.SPACED_COLLECTIONS)
    assert gc.get_threshold() == thresholds
