"""A broken scenario file is reported on the admin page and breaks nothing else."""

import shutil
from pathlib import Path

import pytest

import trainer.scenarios

LIBRARY = Path(trainer.scenarios.__file__).with_name("library")


@pytest.fixture
def mixed_library(app, tmp_path):
    """Point the app at a folder with one good scenario and two broken files."""
    folder = tmp_path / "scenarios"
    folder.mkdir()
    shutil.copy(LIBRARY / "lost_job.yaml", folder / "lost_job.yaml")
    (folder / "broken_yaml.yaml").write_text("id: broken\ntitle: [unclosed\n")
    (folder / "bad_schema.yaml").write_text("id: bad_schema\ntitle: Missing everything\n")
    app.config["SCENARIOS_DIR"] = str(folder)
    return folder


def test_pages_and_api_still_work(mixed_library, login_as, bearer, client):
    trainee = login_as("trainee")
    library = trainee.get("/practice/")
    assert library.status_code == 200
    assert 'value="lost_job"' in library.get_data(as_text=True)
    assert 'value="broken' not in library.get_data(as_text=True)
    scenarios = client.get("/api/v1/scenarios", headers=bearer("trainee")).get_json()
    assert [s["id"] for s in scenarios] == ["lost_job"]
    created = client.post("/api/v1/sessions", json={"scenario": "lost_job"},
                          headers=bearer("trainee"))
    assert created.status_code == 201
    missing = client.post("/api/v1/sessions", json={"scenario": "bad_schema"},
                          headers=bearer("trainee"))
    assert missing.status_code == 404


def test_admin_page_lists_each_broken_file_with_a_line(mixed_library, login_as):
    page = login_as("admin").get("/admin/scenarios").get_data(as_text=True)
    assert "Files that did not load (" in page
    assert "broken_yaml.yaml" in page and "bad_schema.yaml" in page
    assert "<code>lost_job</code>" in page


def test_a_fixed_file_loads_without_a_restart(mixed_library, login_as):
    admin = login_as("admin")
    assert "broken_yaml.yaml" in admin.get("/admin/scenarios").get_data(as_text=True)
    (mixed_library / "broken_yaml.yaml").unlink()
    assert "broken_yaml.yaml" not in admin.get("/admin/scenarios").get_data(as_text=True)


def test_a_missing_library_folder_is_reported_not_a_crash(app, login_as, tmp_path):
    app.config["SCENARIOS_DIR"] = str(tmp_path / "nowhere")
    assert login_as("trainee").get("/practice/").status_code == 200
    page = login_as("admin").get("/admin/scenarios").get_data(as_text=True)
    assert "no such folder" in page
