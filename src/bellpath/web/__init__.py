"""The web application: JSON API (``web.api``), pages (``web.pages``), app factory (``web.app``)."""
