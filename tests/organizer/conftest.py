import pytest


@pytest.fixture
def organizer(build, login):
    user = build.user("organizer")
    login(user)
    return user
