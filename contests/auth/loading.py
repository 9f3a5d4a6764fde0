"""Flask-Login wiring: how a session finds its user."""
from flask_babel import lazy_gettext as _l

from ..extensions import db
from ..models import User


def init_login(login_manager) -> None:
    login_manager.login_view = "auth.login"
    login_manager.login_message = _l("Please sign in to open this page.")
    login_manager.login_message_category = "info"

    @login_manager.user_loader
    def load_user(user_id: str):
        return db.session.get(User, int(user_id))
