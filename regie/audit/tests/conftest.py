import pytest


@pytest.fixture(autouse=True)
def checkpoint_dir(settings, tmp_path):
    """Each test's checkpoints in its own folder, so none outlives its test database."""
    settings.REGIE_AUDIT_CHECKPOINT_DIR = str(tmp_path / "checkpoints")
    return tmp_path / "checkpoints"
