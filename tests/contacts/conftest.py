import pytest

from iceinfo import seeding


@pytest.fixture
def seeded_offices(db):
    """The 25 ERO field offices, as load_seed_content loads them (contacts/seed.py): the loader once per
    starting state, then its rows written again (tests/seeded.py)."""
    from contacts import seed
    from tests.seeded import replay

    replay("offices", seed.load)


@pytest.fixture
def seeded_channels(db):
    return seeding.load_records(seeding.read_seed_file(seeding.SEED_DIR / "040_contact_channels.yaml"))
