"""dyad's HTTP API and dashboard: ``create_app(db)`` builds the FastAPI app ``dyad serve`` runs."""

from .app import create_app

__all__ = ["create_app"]
