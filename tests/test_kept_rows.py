"""The counted corpus's rows share the whole corpus's text; "only here" reach by numbers."""

import numpy as np
import pandas as pd
import pyarrow as pa

from models.claims import _lonely_nodes
from models.corpus import kept_rows


def test_kept_rows_equal_a_filter_and_share_the_text():
    frame = pd.DataFrame(
        {
            "text": ["a b", "c", None, "d e f", "g", "h"],
            "n": [1, 2, 3, 4, 5, 6],
            "share": [0.5, None, 2.0, 3.0, 4.0, 1.0],
        }
    )
    keep = np.array([True, False, True, True, False, True])
    kept = kept_rows(frame, keep)
    assert kept.equals(frame[keep].reset_index(drop=True))
    assert kept.dtypes.to_dict() == frame.dtypes.to_dict()
    # each run of kept rows is a slice of the original column: the same character buffer
    whole = pa.chunked_array(pa.array(frame["text"].array)).chunk(0)
    for chunk in pa.chunked_array(pa.array(kept["text"].array)).chunks:
        assert chunk.buffers()[2].address == whole.buffers()[2].address
    assert kept_rows(frame, np.zeros(len(frame), dtype=bool)).empty


def _reference(members: pd.DataFrame, edges: np.ndarray) -> list[int]:
    """Outlets each node reaches, as sets: its own, its group's, its neighbours' own."""
    own: dict[int, set] = {}
    in_group: dict[int, set] = {}
    for node, group, outlet in members.itertuples(index=False):
        named = {outlet} if isinstance(outlet, str) else set()
        own.setdefault(node, set()).update(named)
        in_group.setdefault(group, set()).update(named)
    reach = {node: set(outlets) for node, outlets in own.items()}
    for node, group, _ in members.itertuples(index=False):
        reach[node] |= in_group[group]
    for a, b in edges.tolist():
        reach[a] |= own.get(b, set())
        reach[b] |= own.get(a, set())
    return sorted(node for node, outlets in reach.items() if len(outlets) == 1)


def test_lonely_nodes_agree_with_sets_of_outlets():
    rng = np.random.default_rng(7)
    for _ in range(200):
        size = int(rng.integers(1, 50))
        nodes = rng.integers(0, int(rng.integers(1, 25)), size)
        group_of = rng.integers(0, 6, 25)
        names = np.array(["A", "B", "C", None], dtype=object)
        outlets = names[rng.integers(0, int(rng.integers(1, 5)), size)]
        members = pd.DataFrame({"node": nodes, "group": group_of[nodes], "outlet": outlets})
        edges = rng.choice(np.unique(nodes), (int(rng.integers(0, 8)), 2))
        assert _lonely_nodes(members, edges).tolist() == _reference(members, edges)
