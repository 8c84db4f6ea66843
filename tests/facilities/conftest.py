import pytest


@pytest.fixture
def seeded_facilities(db):
    """The 25 field offices, then the facility types and 203 facilities, as load_seed_content loads them."""
    from contacts import seed as contacts_seed
    from facilities import seed

    contacts_seed.load()
    return seed.load()
