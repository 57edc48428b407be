"""`POST /auth/token`: user name and password in, a signed bearer token out."""

from __future__ import annotations

from fastapi import APIRouter, HTTPException, status
from fastapi.concurrency import run_in_threadpool
from pydantic import BaseModel, Field

from api.auth.tokens import issue_token
from api.auth.users import authenticate
from api.dependencies import GraphDep, SettingsDep

router = APIRouter(prefix="/auth", tags=["auth"])


class TokenRequest(BaseModel):
    username: str = Field(min_length=1, max_length=200)
    password: str = Field(min_length=1, max_length=500)


class TokenResponse(BaseModel):
    access_token: str
    token_type: str = "bearer"
    expires_in: int
    role: str


@router.post("/token", summary="Exchange user name and password for a bearer token")
async def create_token(body: TokenRequest, graph: GraphDep, settings: SettingsDep) -> TokenResponse:
    # scrypt is deliberately slow: keep it off the event loop.
    principal = await run_in_threadpool(authenticate, graph, body.username, body.password)
    if principal is None:
        raise HTTPException(status.HTTP_401_UNAUTHORIZED,
                            detail="Неверное имя пользователя или пароль.",
                            headers={"WWW-Authenticate": "Bearer"})
    return TokenResponse(access_token=issue_token(principal, settings),
                         expires_in=settings.jwt_ttl_minutes * 60, role=principal.role)
