"""Bearer-token check for the routes that write to the store."""

from __future__ import annotations

import hmac
from typing import Annotated

from fastapi import Depends, HTTPException
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from ._state import ApiState, get_state

_bearer = HTTPBearer(auto_error=False, description="The value of DYAD_API_TOKEN on the server.")


def require_writer(
    state: Annotated[ApiState, Depends(get_state)],
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
) -> None:
    """403 when the server has no token (writes are off), 401 when the caller's token is wrong."""
    if not state.token:
        raise HTTPException(
            403,
            detail="writes are disabled on this server: start it with DYAD_API_TOKEN set to enable them",
        )
    given = (
        credentials.credentials if credentials and credentials.scheme.lower() == "bearer" else ""
    )
    if not hmac.compare_digest(given.encode(), state.token.encode()):
        raise HTTPException(
            401,
            detail="missing or wrong bearer token: send 'Authorization: Bearer <DYAD_API_TOKEN>'",
            headers={"WWW-Authenticate": "Bearer"},
        )
