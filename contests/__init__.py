"""Application factory: `create_app(config=None)` wires extensions, blueprints and CLI."""
import os

from flask import Flask
from werkzeug.middleware.proxy_fix import ProxyFix

from .config import Config, flag, from_environment


def create_app(config: dict | None = None) -> Flask:
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    app = Flask(
        __name__,
        instance_path=os.path.join(root, "instance"),
        instance_relative_config=True,
        template_folder=os.path.join(root, "templates"),
        static_folder=os.path.join(root, "static"),
    )
    app.config.from_object(Config)
    app.config.from_pyfile("config.py", silent=True)
    app.config.update(from_environment())
    if config:
        app.config.update(config)
    os.makedirs(app.instance_path, exist_ok=True)
    if not app.config.get("SQLALCHEMY_DATABASE_URI"):
        path = os.path.join(app.instance_path, "contests.db")
        app.config["SQLALCHEMY_DATABASE_URI"] = f"sqlite:///{path}"
    app.config.setdefault(
        "BABEL_TRANSLATION_DIRECTORIES", os.path.join(os.path.dirname(__file__), "translations")
    )

    from . import database, i18n, security_headers
    from .extensions import csrf, db, login_manager, migrate

    database.configure_engines()
    from . import logging_setup
    from .ops import health

    logging_setup.init_app(app)  # JSON lines when CONTESTS_JSON_LOGS=1
    health.answer_first(app)  # /healthz answers before every other hook (no session, no throttle)
    if flag(app.config.get("PROXY_FIX")):  # behind nginx: trust one hop's X-Forwarded-For/Proto
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=1, x_proto=1)
    db.init_app(app)
    migrate.init_app(app, db, directory=os.path.join(os.path.dirname(__file__), "migrations"),
                     render_as_batch=True)
    security_headers.init_app(app)  # CSP and friends; HTTPS forced only if configured
    csrf.init_app(app)
    login_manager.init_app(app)
    i18n.init_app(app)
    from . import throttle

    throttle.init_app(app)  # sign-in and public forms; counts shared through the database
    from . import web_input

    web_input.init_app(app)  # bounded <int:...> ids (before any route is added), no NUL

    from .admin import bp as admin_bp
    from .auth import bp as auth_bp
    from .auth.loading import init_login
    from .clerk import bp as clerk_bp
    from .clerk import review_bp as paper_review_bp
    from .judging import bp as judging_bp
    from .organizer import bp as organizer_bp
    from .portal import bp as portal_bp
    from .public import bp as public_bp

    init_login(login_manager)
    for blueprint in (auth_bp, admin_bp, organizer_bp, judging_bp, public_bp, clerk_bp,
                      paper_review_bp, portal_bp, health.bp):
        app.register_blueprint(blueprint)

    from . import cli, errors, templating

    errors.init_app(app)
    templating.init_app(app)
    cli.init_app(app)
    from .certificates.fonts import check_once  # warns once when Chinese PDFs would break

    check_once(app.logger)
    return app
