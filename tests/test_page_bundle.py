"""Does the page get its code chunks in one script, built from the installed files, and are the
page templates compiled once?"""

from __future__ import annotations

from pathlib import Path

import pytest
from jinja2 import DictLoader, Environment

from kit.server import bundle
from kit.server.templates import MemoryBytecodeCache


def chunk(folder: Path, rel: str, body: str) -> None:
    path = folder / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(body, encoding="utf-8")


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        ("voila/static/143.voila.js", True),
        ("voila/static/voila.js", False),  # the entry point runs code: the page loads it
        ("voila/labextensions/@jupyter-widgets/jupyterlab-manager/static/121.5c5a.js", True),
        ("voila/labextensions/anywidget/static/remoteEntry.698dcaf7.js", False),
        ("voila/static/sub/1.voila.js", False),
        ("voila/templates/kit/static/voila-style.js", False),
        ("kit/static/fontawesome/css/all.min.css", False),
    ],
)
def test_only_code_chunks_go_into_the_script(path: str, expected: bool) -> None:
    assert bundle.is_chunk(path) is expected


def test_the_script_holds_each_installed_chunk_once_in_order_without_source_maps(
    tmp_path: Path,
) -> None:
    static, ext = tmp_path / "static", tmp_path / "labext"
    chunk(
        static, "2.voila.js", "(self.w=self.w||[]).push([[2],{}]);\n//# sourceMappingURL=2.js.map"
    )
    chunk(static, "1.voila.js", "(self.w=self.w||[]).push([[1],{}])")
    chunk(ext, "anywidget/static/7.abc.js", "(self.a=self.a||[]).push([[7],{}])")
    files = [
        "voila/static/2.voila.js",
        "voila/labextensions/anywidget/static/7.abc.js",
        "voila/static/1.voila.js",
        "voila/static/2.voila.js",
        "voila/static/9.voila.js",  # recorded with another version: not installed
    ]
    built = bundle.build(files, [static], [ext])
    text = built.data.decode()
    assert built.included == tuple(files[:3])
    assert built.missing == ("voila/static/9.voila.js",)
    assert text.index("[[2]") < text.index("[[7]") < text.index("[[1]")
    assert text.count("[[2]") == 1 and "sourceMappingURL" not in text
    # each chunk ends its statement, so the next one cannot run into it
    assert text.count("\n;\n") == 3


def test_the_first_folder_holding_a_file_wins_as_for_the_server(tmp_path: Path) -> None:
    first, second = tmp_path / "kit", tmp_path / "base"
    chunk(first, "3.voila.js", "mine")
    chunk(second, "3.voila.js", "theirs")
    assert bundle.resolve("voila/static/3.voila.js", [first, second], []) == first / "3.voila.js"
    assert bundle.resolve("kit/static/x.js", [first], [second]) is None


def test_the_script_url_changes_with_its_content(tmp_path: Path) -> None:
    chunk(tmp_path, "1.voila.js", "a")
    one = bundle.build(["voila/static/1.voila.js"], [tmp_path], [])
    chunk(tmp_path, "1.voila.js", "b")
    two = bundle.build(["voila/static/1.voila.js"], [tmp_path], [])
    assert one.url() != two.url() and one.url().startswith(bundle.URL_PATH)
    assert bundle.write(two, tmp_path / "out").read_bytes() == two.data


def test_the_recorded_list_names_installed_chunks_of_the_installed_versions() -> None:
    """Is the shipped list current? (``make page-chunks`` records it again after an upgrade.)"""
    chunks = bundle.read_list()
    assert len(chunks.files) > 50
    assert chunks.differences(bundle.installed_versions()) == []


def test_a_missing_or_foreign_list_gives_no_chunks(tmp_path: Path) -> None:
    assert bundle.read_list(tmp_path / "none.json").files == ()
    other = tmp_path / "other.json"
    other.write_text('{"schema_version": 99, "files": ["voila/static/1.voila.js"]}')
    assert bundle.read_list(other).files == ()
    listed = bundle.ChunkList(("voila/static/1.voila.js",), {"voila": "0.5.13"})
    other.write_text(listed.to_json())
    assert bundle.read_list(other) == listed
    assert listed.differences({"voila": "0.6.0"}) == ["voila 0.5.13 → 0.6.0"]


def test_a_template_is_compiled_once_for_every_environment_sharing_the_cache() -> None:
    cache = MemoryBytecodeCache()
    compiled: list[str] = []

    def environment(source: str, is_async: bool = False) -> Environment:
        env = Environment(loader=DictLoader({"page.html": source}), enable_async=is_async)
        env.bytecode_cache = cache
        original = env._compile

        def counting(src: str, filename: str) -> object:
            compiled.append(filename)
            return original(src, filename)

        env._compile = counting  # type: ignore[method-assign]
        return env

    assert environment("Xin chào {{ name }}").get_template("page.html").render(name="A") == (
        "Xin chào A"
    )
    assert environment("Xin chào {{ name }}").get_template("page.html").render(name="B") == (
        "Xin chào B"
    )
    assert len(compiled) == 1 and len(cache) == 1
    # an edited template, or one rendered asynchronously, is compiled on its own
    environment("Chào {{ name }}").get_template("page.html")
    environment("Xin chào {{ name }}", is_async=True).get_template("page.html")
    assert len(compiled) == 3
