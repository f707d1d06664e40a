"""Single-linkage grouping: the one union-find behind text blocks, mark clusters and the vote."""

from __future__ import annotations

from collections.abc import Callable


def linked_groups(n: int, linked: Callable[[int, int], bool]) -> list[list[int]]:
    """Indices 0..n-1 in groups chained by `linked(i, j)` (asked for i < j only, and only while
    i and j are apart); groups in the order of their first index, each in ascending order."""
    parent = list(range(n))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i in range(n):
        for j in range(i + 1, n):
            if find(i) != find(j) and linked(i, j):
                parent[find(j)] = find(i)
    groups: dict[int, list[int]] = {}
    for i in range(n):
        groups.setdefault(find(i), []).append(i)
    return list(groups.values())
