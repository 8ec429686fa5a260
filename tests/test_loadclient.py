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


#: the new widget models (``comm_open`` messages) the page receives for each of the first three
#: answers of track A (a date, a single choice and a short text item; the submit and the next
#: click together): 3, 2, 3 with one layout and style per widget made shared by a process-wide
#: patch of ipywidgets, 2, 2, 3 with the shared ones passed by the kit's widget helpers (the
#: one-time notice is one widget, kept). None of these may grow.
MOST_COMM_OPENS = (2, 2, 3)


def test_an_answered_item_sends_the_page_no_more_new_models_than_before(
    kit_server: object,
) -> None:
    """Counted on the wire, through Voilà's protocol, from a real ``kit serve``: every widget the
    kernel creates is one ``comm_open`` message the kernel sends, Voilà relays and the page
    builds, so this is the work an answer costs, as a number that does not vary from run to run
    (a time would). The client counts the messages whose parent is the submit or the next click,
    once the kernel reported idle for each. A real server rather than an in-process count: the
    server is the one the other tests of this file start anyway, and the count is then what the
    notebook's kernel really sends to the page (the in-process check of every item kind is in
    ``tests/test_exercises_app.py``).
    """
    base_url = kit_server.base_url  # type: ignore[attr-defined]
    wave = Wave(1, answers=3, think_s=0.1, timeout=60, prefix="Đếm mô hình kiểm thử")
    with ThreadPoolExecutor(1) as pool:
        (result,) = pool.submit(asyncio.run, run_wave(base_url, wave)).result()
    assert result.error is None, result.error
    assert len(result.comm_opens) == len(MOST_COMM_OPENS), result.comm_opens
    for count, most in zip(result.comm_opens, MOST_COMM_OPENS, strict=True):
        assert count <= most, (result.answered, result.comm_opens)
