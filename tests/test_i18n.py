"""Are the message catalogues complete and well-formed in both languages?"""

from __future__ import annotations

import string
import unicodedata

import pytest

from kit.core.i18n import catalogue, normalise_lang, t


def fields(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def test_every_key_exists_in_both_catalogues() -> None:
    vi, en = catalogue("vi"), catalogue("en")
    assert sorted(set(vi) - set(en)) == [], "keys missing in en.yaml"
    assert sorted(set(en) - set(vi)) == [], "keys missing in vi.yaml"


def test_both_translations_use_the_same_placeholders() -> None:
    vi, en = catalogue("vi"), catalogue("en")
    mismatched = [k for k in vi if fields(vi[k]) != fields(en[k])]
    assert mismatched == []


def test_vietnamese_strings_are_nfc_and_not_empty() -> None:
    for key, text in catalogue("vi").items():
        assert text.strip(), key
        assert unicodedata.normalize("NFC", text) == text, key


@pytest.mark.parametrize(
    ("raw", "lang"),
    [
        ("en", "en"),
        ("EN", "en"),
        (" english ", "en"),
        ("vi", "vi"),
        ("<script>", "vi"),
        (None, "vi"),
        (42, "vi"),
    ],
)
def test_any_language_value_from_the_page_is_normalised(raw: object, lang: str) -> None:
    assert normalise_lang(raw) == lang


def test_unknown_key_falls_back_to_the_key_and_fields_are_filled() -> None:
    assert t("no.such.key", "en") == "no.such.key"
    assert t("home.count", "en", n=3) == "3 apps"
    assert t("home.count", "vi", n=3) == "3 ứng dụng"


def test_no_key_is_given_twice_in_a_catalogue() -> None:
    """A repeated key silently replaces the first (the plans card once showed a field label)."""
    import yaml

    class Strict(yaml.SafeLoader):
        pass

    def mapping(loader: Strict, node: yaml.MappingNode) -> dict[object, object]:
        keys = [loader.construct_object(k) for k, _ in node.value]
        repeated = {k for k in keys if keys.count(k) > 1}
        assert not repeated, f"line {node.start_mark.line + 1}: {sorted(map(str, repeated))}"
        return loader.construct_mapping(node)

    Strict.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, mapping)
    from kit.core.i18n import catalogue_files

    for lang in ("vi", "en"):
        for path in catalogue_files(lang):
            yaml.load(path.read_text("utf-8"), Loader=Strict)
        area_names = [f.name for f in catalogue_files(lang)[1:]]
        other = "en" if lang == "vi" else "vi"
        assert area_names == [f.name for f in catalogue_files(other)[1:]]
