import pytest


def _load_offices_and_facilities():
    from contacts import seed as contacts_seed
    from facilities import seed

    contacts_seed.load()
    seed.load()


@pytest.fixture
def seeded_facilities(db):
    """The 25 field offices, then the facility types and 203 facilities, as load_seed_content loads them
    (the loaders once per process, then their rows written again: tests/seeded.py)."""
    from tests.seeded import replay

    replay("facilities", _load_offices_and_facilities)
