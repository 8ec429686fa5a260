"""Kernel pools: sized for the expected users, refilled by what they still need, within memory."""

from __future__ import annotations

from kit import registry
from kit.server.launch import KERNEL_MIB, MEMORY_SHARE, pool_sizes
from kit.server.pools import FLOOR, QUIET_S, PoolState, next_to_fill, refill_wait


def test_a_pool_nobody_uses_is_filled_to_its_size() -> None:
    assert PoolState("exercises.ipynb", size=40, pooled=0, in_use=0).target == 40


def test_kernels_in_use_count_against_the_pool_down_to_the_floor() -> None:
    assert PoolState("exercises.ipynb", size=40, pooled=0, in_use=25).target == 15
    assert PoolState("exercises.ipynb", size=40, pooled=0, in_use=40).target == FLOOR
    assert PoolState("exercises.ipynb", size=40, pooled=0, in_use=90).target == FLOOR


def test_a_pool_smaller_than_the_floor_keeps_its_own_size() -> None:
    assert PoolState("trainer.ipynb", size=1, pooled=0, in_use=5).target == 1


def test_the_pool_furthest_from_its_target_is_filled_first() -> None:
    states = [
        PoolState("home.ipynb", size=10, pooled=5, in_use=0),
        PoolState("exercises.ipynb", size=40, pooled=4, in_use=0),
        PoolState("trainer.ipynb", size=1, pooled=1, in_use=0),
    ]
    assert next_to_fill(states) == "exercises.ipynb"


def test_empty_pools_fill_the_biggest_first_then_by_share() -> None:
    states = [
        PoolState("home.ipynb", size=10, pooled=0, in_use=0),
        PoolState("exercises.ipynb", size=40, pooled=0, in_use=0),
    ]
    assert next_to_fill(states) == "exercises.ipynb"


def test_nothing_is_filled_when_every_pool_has_its_target() -> None:
    states = [
        PoolState("home.ipynb", size=10, pooled=10, in_use=3),
        PoolState("exercises.ipynb", size=40, pooled=2, in_use=40),
    ]
    assert next_to_fill(states) is None


def test_pools_fit_the_memory_and_each_keeps_one_kernel() -> None:
    wanted = {spec.notebook: spec.pool_size(40) for spec in registry.APPS}
    assert pool_sizes(40, memory_mib=10**6) == wanted
    small = 3000  # a laptop with 3 GB free
    sizes = pool_sizes(40, memory_mib=small)
    assert sum(sizes.values()) <= max(int(small * MEMORY_SHARE) // KERNEL_MIB, len(sizes))
    assert min(sizes.values()) >= 1
    assert sizes["exercises.ipynb"] > sizes["plans.ipynb"]


def test_a_refill_waits_until_no_page_took_a_kernel_for_a_while() -> None:
    assert refill_wait(0.0) == QUIET_S
    assert refill_wait(QUIET_S / 2) == QUIET_S / 2
    assert refill_wait(QUIET_S + 1) == 0.0


def test_kernels_are_started_by_the_kit_launcher_which_lowers_their_priority() -> None:
    from kit.server.kernels import LAUNCHER, NicedKernelManager

    manager = NicedKernelManager(kernel_name="python3")
    cmd = manager.format_kernel_cmd()
    assert cmd[cmd.index("-m") + 1] == LAUNCHER


def test_the_launcher_runs_a_kernel_at_a_lower_priority() -> None:
    import os
    import subprocess
    import sys

    from kit.server.kernel_launcher import KERNEL_NICE

    code = "import os; from kit.server.kernel_launcher import lower_priority; "
    code += "lower_priority(); print(os.nice(0))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert int(out.stdout) == min(os.nice(0) + KERNEL_NICE, 19)
