"""Does the load client speak Voilà's protocol well enough to play trainees, and does the store
keep exactly the attempts they saw acknowledged? (Timings are the benchmark's business:
``python -m benchmarks capacity``.)"""

from __future__ import annotations

import asyncio
import json
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from devtools.loadclient import Wave, check_store, parse_page, run_wave
from devtools.loadclient_widgets import WidgetMirror, decode, encode, new_message
from kit.core import config


def test_a_frame_of_the_v1_subprotocol_reads_back_as_the_same_message() -> None:
    msg = new_message("comm_msg", {"comm_id": "c1", "data": {"method": "update"}}, "s1")
    back = decode(encode("shell", msg, [b"\x00\x01"]))
    assert back["channel"] == "shell"
    assert back["header"] == msg["header"]
    assert back["content"] == msg["content"]
    assert back["buffers"] == [b"\x00\x01"]


def test_the_kernel_id_and_root_model_are_read_from_a_voila_page() -> None:
    config_data = json.dumps({"baseUrl": "/", "kernelId": "k-123"})
    output = json.dumps(
        {"data": {"application/vnd.jupyter.widget-view+json": {"model_id": "m-root"}}}
    )
    html = (
        f'<script id="jupyter-config-data" type="application/json">{config_data}</script>'
        f'<script type="application/vnd.voila.cell-output+json">{output}</script>'
    )
    info = parse_page(html)
    assert (info.kernel_id, info.roots) == ("k-123", ("m-root",))


def test_the_mirror_shows_only_what_hangs_from_the_root_and_places_buffers() -> None:
    mirror = WidgetMirror()
    mirror.own_comms.add("ctl")
    states = {
        "root": {"model_name": "VBoxModel", "state": {"children": ["IPY_MODEL_a"]}},
        "a": {"model_name": "HTMLModel", "state": {"_dom_classes": ["kit-join"]}},
        "stale": {"model_name": "HTMLModel", "state": {"_dom_classes": ["kit-item"]}},
    }
    update_states = new_message(
        "comm_msg", {"comm_id": "ctl", "data": {"method": "update_states", "states": states}}, "s"
    )
    mirror.apply(update_states)
    assert mirror.first(["root"], "kit-join") is not None
    assert mirror.first(["root"], "kit-item") is None, "a replaced widget is not on the page"
    update = new_message(
        "comm_msg",
        {
            "comm_id": "a",
            "data": {"method": "update", "state": {"value": None}, "buffer_paths": [["value"]]},
        },
        "s",
    )
    update["buffers"] = [b"raw"]
    mirror.apply(update)
    assert mirror.models["a"].state["value"] == b"raw"


def test_two_simulated_trainees_join_answer_and_every_attempt_is_stored_once(
    kit_server: object,
) -> None:
    base_url = kit_server.base_url  # type: ignore[attr-defined]
    data_dir = Path(kit_server.log_path).parent / "data"  # type: ignore[attr-defined]
    wave = Wave(2, arrival_s=0.5, answers=2, think_s=0.2, timeout=60, prefix="Thử tải kiểm thử")
    # a thread of its own: the browser tests' Playwright keeps an event loop in this one
    with ThreadPoolExecutor(1) as pool:
        results = pool.submit(asyncio.run, run_wave(base_url, wave)).result()

    for r in results:
        assert r.error is None, r.error
        assert r.first_widget_s is not None
        assert len(r.answered) == 2
        assert len(r.round_trips_ms) == 2
        assert r.shutdown_status == 204  # leaving the page shuts its kernel down, as a page does
    store = check_store(f"sqlite:///{data_dir / config.DB_FILENAME}", results)
    assert (store.expected, store.stored) == (4, 4)
    assert store.consistent, store
