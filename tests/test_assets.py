"""Shipped files are found both in a checkout and in an installed wheel's layout."""

from __future__ import annotations

from annotator import assets


def test_an_installed_layout_is_found_beside_the_package(tmp_path, monkeypatch):
    package = tmp_path / "site-packages" / "annotator"
    (package / "resources").mkdir(parents=True)
    (package / "resources" / "palette.json").write_text('{"claim": {"color": "#000"}}', encoding="utf-8")
    (package / "samples").mkdir()
    (package / "samples" / assets.SAMPLE_NAME).write_text("{}", encoding="utf-8")
    monkeypatch.setattr(assets, "_PACKAGE", package)
    assets.resources_dir.cache_clear()
    assets.sample_project.cache_clear()
    try:
        assert assets.resource_path("palette.json").read_text(encoding="utf-8").startswith("{")
        assert assets.sample_project() == package / "samples" / assets.SAMPLE_NAME
    finally:
        assets.resources_dir.cache_clear()
        assets.sample_project.cache_clear()


def test_a_checkout_uses_its_own_folders():
    assert assets.resources_dir().name == "resources" and (assets.resources_dir() / "palette.json").is_file()
    assert assets.sample_project().parent.name == "projects"
